import { describe, expect, it } from 'vitest';
import { addDays, presetDays, readView, viewBounds, writeView, zonedInstant, zoneNow, zoneToday } from './report-range';

describe('zonedInstant', () => {
  it('reads a wall-clock time in the zone, summer and winter', () => {
    expect(zonedInstant('2025-07-14T18:30', 'Europe/Paris')).toBe('2025-07-14T16:30:00.000Z');
    expect(zonedInstant('2025-01-10T18:30', 'Europe/Paris')).toBe('2025-01-10T17:30:00.000Z');
    expect(zonedInstant('2025-01-10T18:30', 'Asia/Kolkata')).toBe('2025-01-10T13:00:00.000Z');
    expect(zonedInstant('2025-01-10T18:30', 'America/Mexico_City')).toBe('2025-01-11T00:30:00.000Z');
    expect(zonedInstant('2025-01-10T00:00', 'UTC')).toBe('2025-01-10T00:00:00.000Z');
  });

  it('takes the first showing of a time the clocks show twice', () => {
    // Paris goes back from 03:00 CEST to 02:00 CET on 26 October 2025 (01:00 UTC).
    expect(zonedInstant('2025-10-26T02:30', 'Europe/Paris')).toBe('2025-10-26T00:30:00.000Z');
    expect(zonedInstant('2025-10-26T03:00', 'Europe/Paris')).toBe('2025-10-26T02:00:00.000Z');
  });

  it('moves a time the clocks skip forward by the jump', () => {
    // Paris jumps from 02:00 CET to 03:00 CEST on 30 March 2025 (01:00 UTC).
    expect(zonedInstant('2025-03-30T02:30', 'Europe/Paris')).toBe('2025-03-30T01:30:00.000Z');
    expect(zonedInstant('2025-03-30T03:00', 'Europe/Paris')).toBe('2025-03-30T01:00:00.000Z');
    expect(zonedInstant('2025-03-30T01:59', 'Europe/Paris')).toBe('2025-03-30T00:59:00.000Z');
  });

  it('refuses what is not a wall-clock time', () => {
    expect(() => zonedInstant('2025-01-10', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2025-01-10T18:30:00Z', 'UTC')).toThrow(RangeError);
  });
});

describe('the restaurant’s today', () => {
  // 23:30 UTC on 31 December 2024 is already 2025 in Paris and Kolkata, still 2024 in Mexico City.
  const instant = Date.UTC(2024, 11, 31, 23, 30);
  it('is the date and time the zone’s clocks show', () => {
    expect(zoneToday('Europe/Paris', instant)).toBe('2025-01-01');
    expect(zoneToday('America/Mexico_City', instant)).toBe('2024-12-31');
    expect(zoneNow('Asia/Kolkata', instant)).toBe('2025-01-01T05:00');
    expect(zoneNow('America/Mexico_City', instant)).toBe('2024-12-31T17:30');
  });
});

describe('presets', () => {
  it('cover whole days, both included, across month and year ends', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(presetDays('today', '2025-03-01')).toEqual({ from: '2025-03-01', to: '2025-03-01' });
    expect(presetDays('yesterday', '2025-03-01')).toEqual({ from: '2025-02-28', to: '2025-02-28' });
    expect(presetDays('last7', '2025-01-03')).toEqual({ from: '2024-12-28', to: '2025-01-03' });
    expect(presetDays('month', '2025-01-03')).toEqual({ from: '2025-01-01', to: '2025-01-03' });
  });

  it('ask for days in the restaurant’s zone, and a custom window for its instants', () => {
    const instant = Date.UTC(2024, 11, 31, 23, 30);
    expect(viewBounds({ preset: 'today', from: '', to: '', groupBy: 'hour' }, 'Europe/Paris', instant)).toEqual({
      from: '2025-01-01',
      to: '2025-01-01',
    });
    expect(
      viewBounds(
        { preset: 'custom', from: '2025-01-10T18:00', to: '2025-01-10T23:30', groupBy: 'item' },
        'Europe/Paris',
      ),
    ).toEqual({ from: '2025-01-10T17:00:00.000Z', to: '2025-01-10T22:30:00.000Z' });
  });
});

describe('the view in the URL', () => {
  it('round-trips', () => {
    const view = { preset: 'custom', from: '2025-01-10T18:00', to: '2025-01-11T02:00', groupBy: 'category' } as const;
    expect(readView(writeView(view))).toEqual(view);
    expect(readView(writeView({ preset: 'last7', from: '', to: '', groupBy: 'day' }))).toEqual({
      preset: 'last7',
      from: '',
      to: '',
      groupBy: 'day',
    });
  });

  it('falls back to today by hour on anything it cannot read', () => {
    const fallback = { preset: 'today', from: '', to: '', groupBy: 'hour' };
    expect(readView(new URLSearchParams('range=week&groupBy=weekday'))).toEqual(fallback);
    expect(
      readView(new URLSearchParams('range=custom&from=2025-01-11T00:00&to=2025-01-10T00:00&groupBy=hour')),
    ).toEqual(fallback);
    expect(readView(new URLSearchParams('range=custom&from=yesterday&to=2025-01-10T00:00'))).toEqual(fallback);
  });
});
