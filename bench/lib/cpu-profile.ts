import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and names where the time went. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface CostLine {
  name: string;
  selfMs: number;
  share: number;
}

/** Where a frame's code lives: a package, a Plato source folder, or Node itself. */
function area(url: string): string {
  if (!url) return '(V8 / native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /apps\/server\/src\/(.+)\/[^/]+$/.exec(url);
  if (src) return `plato: ${src[1]}`;
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

const frameName = (n: ProfileNode) => {
  const file = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/apps\/server\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${file ? `${file}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};

export interface ProfileSummary {
  total: number;
  byFunction: CostLine[];
  byArea: CostLine[];
  /** Plato's own functions by inclusive time (their callees included): which step of a request costs what. */
  platoInclusive: CostLine[];
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const totalSamples = profile.samples.length || 1;
  const perSample = totalMs / totalSamples;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const name = frameName(node);
    if (node.callFrame.functionName === '(idle)') continue;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    const a = node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : area(node.callFrame.url);
    byArea.set(a, (byArea.get(a) ?? 0) + hits);
  }
  const busy = [...byFunction.values()].reduce((s, n) => s + n, 0) || 1;
  const inclusive = platoInclusive(profile);
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, selfMs: hits * perSample, share: hits / busy }));
  return {
    total: busy * perSample,
    byFunction: lines(byFunction),
    byArea: lines(byArea),
    platoInclusive: lines(inclusive).slice(0, 40),
  };
}

/** Hits under each Plato function, counted once per stack however deep the recursion. */
function platoInclusive(profile: Profile): Map<string, number> {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node);
  }
  const totals = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits || node.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = parent.get(n.id)) {
      if (!n.callFrame.url.includes('/apps/server/src/')) continue;
      const name = frameName(n);
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + hits);
    }
  }
  return totals;
}

const profileRoot = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
const written: string[] = [];

/**
 * Where a bench should write the server's CPU profile of its timed part, or
 * undefined when BENCH_CPU_PROF (a folder) is not set. Profiling slows the
 * server: figures from a profiled run are not the ones to quote.
 */
export function profileFile(name: string): string | undefined {
  if (!profileRoot) return undefined;
  const file = join(profileRoot, `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.cpuprofile`);
  written.push(file);
  return file;
}

/** Every profile written in this run, summarised. */
export function formatProfiles(): string {
  return written
    .filter((f) => existsSync(f))
    .map((f) => formatProfile(f))
    .join('\n\n');
}

export function formatProfile(file: string): string {
  const s = summarizeProfile(file);
  const fmt = (l: CostLine) =>
    `  ${(l.share * 100).toFixed(1).padStart(5)}%  ${l.selfMs.toFixed(0).padStart(6)} ms  ${l.name}`;
  return [
    `CPU profile ${file}: ${s.total.toFixed(0)} ms busy (idle excluded)`,
    'Self time by area:',
    ...s.byArea.map(fmt),
    'Self time by function:',
    ...s.byFunction.map(fmt),
    "Plato's functions by inclusive time:",
    ...s.platoInclusive.map(fmt),
  ].join('\n');
}
