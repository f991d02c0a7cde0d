import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NGINX_CONF } from './harness/cluster.ts';
import { nginxBinary } from './harness/services.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/**
 * The deployment files operators copy are checked here, since nothing here
 * runs them as a whole (no Docker Compose, no systemd as PID 1): the nginx
 * config that docs/deploy.md shows is the one the cluster tests run; the
 * compose file parses and wires what the docs promise; the Dockerfile builds
 * the production bundle and runs it unprivileged with a health check; the
 * systemd units pass `systemd-analyze verify` with no warning.
 */
describe('deployment files', () => {
  it('docs/deploy.md shows the nginx config the cluster tests run, byte for byte', () => {
    const conf = readFileSync(NGINX_CONF, 'utf8');
    expect(read('docs/deploy.md')).toContain('```nginx\n' + conf + '```');
  });

  it('nginx accepts the config (nginx -t), when nginx is installed', () => {
    if (!existsSync(nginxBinary())) {
      // The cluster tests themselves fail under PLATO_REQUIRE_CLUSTER=1 when nginx is missing.
      console.warn('nginx not installed: nginx -t skipped');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'plato-nginx-t-'));
    try {
      const site = readFileSync(NGINX_CONF, 'utf8').replace('/var/log/nginx/plato.access.log', join(dir, 'a.log'));
      writeFileSync(join(dir, 'plato.conf'), site);
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid; error_log ${dir}/e.log; events {} http { include ${dir}/plato.conf; }\n`,
      );
      execFileSync(nginxBinary(), ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compose.yaml runs two Plato processes on the shared database, Redis and secret, behind that nginx config', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as {
      services: Record<
        string,
        {
          environment?: Record<string, string>;
          network_mode?: string;
          volumes?: string[];
          depends_on?: Record<string, { condition: string }>;
          build?: string;
          healthcheck?: unknown;
        }
      >;
    };
    const plato = ['plato-a', 'plato-b'].map((name) => compose.services[name]!);
    expect(plato.map((p) => p.environment?.PORT)).toEqual(['3001', '3002']);
    for (const p of plato) {
      expect(p.build).toBe('.');
      // In nginx's network namespace, so the config's 127.0.0.1:3001/3002 upstreams reach them as they are.
      expect(p.network_mode).toBe('service:nginx');
      expect(p.environment).toMatchObject({
        NODE_ENV: 'production',
        DATABASE_URL: expect.stringMatching(/^postgres:\/\/.*@postgres:5432\//),
        REDIS_URL: 'redis://redis:6379',
        PLATO_TRUST_PROXY: '127.0.0.1',
      });
      expect(p.environment?.PLATO_SECRET).toMatch(/^\$\{PLATO_SECRET:\?/);
      expect(p.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    const upstreams = [...readFileSync(NGINX_CONF, 'utf8').matchAll(/server 127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
    expect(new Set(upstreams)).toEqual(new Set(['3001', '3002']));
    expect(compose.services.nginx?.volumes).toContain('./deploy/nginx/plato.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    expect(compose.services.redis?.healthcheck).toBeDefined();
  });

  it('the Dockerfile builds the bundle and runs it as an unprivileged user with a readiness check', () => {
    const dockerfile = read('Dockerfile');
    const stages = dockerfile.match(/^FROM .*/gm) ?? [];
    expect(stages).toHaveLength(2);
    expect(dockerfile).toContain('RUN npm ci');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "apps\/server\/dist\/server\.js"\]$/m);
    // Every path the runtime stage copies is one the build makes (the bundle finds the web app at ../../web/dist).
    for (const [, from] of dockerfile.matchAll(/^COPY --from=build \/app\/(\S+)/gm)) {
      expect([
        'package.json',
        'node_modules',
        'apps/server/package.json',
        'apps/server/node_modules',
        'apps/server/dist',
        'apps/web/dist',
      ]).toContain(from);
    }
    expect(read('.dockerignore')).toMatch(/^\*\*\/node_modules$/m);
  });

  it('the systemd units pass systemd-analyze verify with no warning', () => {
    const result = spawnSync('systemd-analyze', ['verify', './plato@3001.service', './plato.target'], {
      cwd: join(ROOT, 'deploy/systemd'),
      encoding: 'utf8',
    });
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      console.warn('systemd-analyze not installed: the units were only read');
      expect(read('deploy/systemd/plato@.service')).toMatch(
        /^ExecStart=\/usr\/bin\/node apps\/server\/dist\/server\.js$/m,
      );
      return;
    }
    // It warns about unknown keys and bad values on stderr and still exits 0.
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});
