import type { SalesReportQuery } from '@plato/contracts';
import { SALES_GROUPINGS } from '@plato/contracts/constants';

/*
 * The report's window as the manager picks it, and the bounds the API is
 * asked for. Day presets send whole days (`YYYY-MM-DD`), which the server
 * reads in the restaurant's time zone; a custom window is wall-clock time in
 * that zone ("from 18:00 to 23:30"), turned into the exact instants here.
 */

export const RANGE_PRESETS = ['today', 'yesterday', 'last7', 'month', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type Grouping = SalesReportQuery['groupBy'];

/** What the page shows, as its URL says it (`?range=custom&from=2025-03-01T18:00&to=…&groupBy=item`). */
export type ReportView = { preset: RangePreset; from: string; to: string; groupBy: Grouping };

/** What the API is asked for: days or instants. */
export type ReportBounds = { from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** Year…second of an instant as the zone's clocks show it. */
function zoneParts(instant: number, timeZone: string): number[] {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return [part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second')];
}

/** How far ahead of UTC the zone's clocks are at an instant, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = zoneParts(instant, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The restaurant's date today (`YYYY-MM-DD`). */
export function zoneToday(timeZone: string, now: number = Date.now()): string {
  const [y = 0, mo = 1, d = 1] = zoneParts(now, timeZone);
  return isoDay(Date.UTC(y, mo - 1, d));
}

/** The restaurant's wall clock now, to the minute (`YYYY-MM-DDTHH:mm`, what a datetime-local field holds). */
export function zoneNow(timeZone: string, now: number = Date.now()): string {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0] = zoneParts(now, timeZone);
  return new Date(Date.UTC(y, mo - 1, d, h, mi)).toISOString().slice(0, 16);
}

/**
 * A wall-clock time in a zone (`YYYY-MM-DDTHH:mm`) as the instant it names.
 * Where the clocks go back and show a time twice, its first showing; where
 * they jump forward over it, the time read with the offset from before the
 * jump (02:30 in a skipped hour is 03:30), as Temporal's "compatible" does.
 */
export function zonedInstant(wallTime: string, timeZone: string): string {
  const m = WALL_TIME.exec(wallTime);
  if (!m) throw new RangeError(`not a wall-clock time: ${wallTime}`);
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Clocks change at most once in a day either side: the offsets a day before and after bracket any change.
  const before = asUtc - zoneOffset(asUtc - DAY_MS, timeZone);
  const after = asUtc - zoneOffset(asUtc + DAY_MS, timeZone);
  const shows = (instant: number) => instant + zoneOffset(instant, timeZone) === asUtc;
  const instant = shows(before) ? (shows(after) ? Math.min(before, after) : before) : shows(after) ? after : before;
  return new Date(instant).toISOString();
}

const DAY_MS = 86_400_000;

function isoDay(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

/** A `YYYY-MM-DD` moved by whole days (calendar arithmetic, no zone involved). */
export function addDays(day: string, days: number): string {
  const [y = 0, mo = 1, d = 1] = day.split('-').map(Number);
  return isoDay(Date.UTC(y, mo - 1, d + days));
}

/** The days a preset covers, both included, as of the restaurant's today. */
export function presetDays(preset: Exclude<RangePreset, 'custom'>, today: string): ReportBounds {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const yesterday = addDays(today, -1);
      return { from: yesterday, to: yesterday };
    }
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/** A custom window's fields when it is first chosen: today, from midnight to the next. */
export function defaultCustom(today: string): { from: string; to: string } {
  return { from: `${today}T00:00`, to: `${addDays(today, 1)}T00:00` };
}

export const isWallTime = (value: string): boolean => WALL_TIME.test(value);

/** The view a URL's search asks for; anything unreadable falls back to today by hour. */
export function readView(search: URLSearchParams): ReportView {
  const preset = RANGE_PRESETS.find((p) => p === search.get('range')) ?? 'today';
  const groupBy = SALES_GROUPINGS.find((g) => g === search.get('groupBy')) ?? 'hour';
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  if (preset === 'custom' && !(isWallTime(from) && isWallTime(to) && from < to)) {
    return { preset: 'today', from: '', to: '', groupBy };
  }
  return preset === 'custom' ? { preset, from, to, groupBy } : { preset, from: '', to: '', groupBy };
}

export function writeView(view: ReportView): URLSearchParams {
  const search = new URLSearchParams({ range: view.preset, groupBy: view.groupBy });
  if (view.preset === 'custom') {
    search.set('from', view.from);
    search.set('to', view.to);
  }
  return search;
}

/** What to ask the API for: whole days for a preset, exact instants for a custom window. */
export function viewBounds(view: ReportView, timeZone: string, now: number = Date.now()): ReportBounds {
  if (view.preset === 'custom') {
    return { from: zonedInstant(view.from, timeZone), to: zonedInstant(view.to, timeZone) };
  }
  return presetDays(view.preset, zoneToday(timeZone, now));
}

export const isDay = (bound: string): boolean => DAY.test(bound);
