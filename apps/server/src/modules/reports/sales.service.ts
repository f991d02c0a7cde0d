import type { SalesReportQuery, SalesReportResponse } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { nowIso } from '../../db/ids.ts';
import { AppError } from '../../errors.ts';
import { type LedgerSession, RestaurantClock, SalesLedger, windowOf } from './sales.compute.ts';
import {
  findReportRestaurant,
  selectLedgerDiscounts,
  selectLedgerLines,
  selectLedgerPayments,
  selectLedgerRefunds,
  selectSessionStates,
  selectSessionsTouched,
} from './sales.repository.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

/** A leap year and a day, so any year, month or "year to date" fits; more would read too much at once. */
const MAX_WINDOW_MS = 367 * 24 * 3600 * 1000;
/** Sessions read together: a few queries per chunk, each row set small enough to hold. */
const CHUNK = 200;

function badWindow(detail: string): AppError {
  return new AppError('VALIDATION_FAILED', detail, { errors: [{ path: 'to', message: detail }] });
}

/**
 * GET /reports/sales: every session the window touches, a chunk at a time,
 * each chunk read in one transaction (a repeatable-read snapshot on
 * PostgreSQL) so a session's bill is never computed from its lines of one
 * moment and its payments of the next.
 */
export async function salesReport(
  ctx: AppContext,
  restaurantId: string,
  query: SalesReportQuery,
): Promise<SalesReportResponse> {
  const restaurant = await findReportRestaurant(ctx.db, restaurantId);
  const window = windowOf(query, new RestaurantClock(restaurant.timezone));
  const span = Date.parse(window.to) - Date.parse(window.from);
  if (span <= 0) throw badWindow('`to` must come after `from`');
  if (span > MAX_WINDOW_MS) throw badWindow('A report covers at most 367 days');

  const ledger = new SalesLedger({
    window,
    groupBy: query.groupBy,
    timezone: restaurant.timezone,
    settings: restaurant,
    now: nowIso(),
  });
  const ids = await selectSessionsTouched(ctx.db, restaurantId, window);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    let read = ctx.db.transaction();
    if (ctx.dialect === 'postgres') read = read.setIsolationLevel('repeatable read');
    const sessions = await read.execute(async (tx) => {
      const [states, lines, discounts, payments, refunds] = await Promise.all([
        selectSessionStates(tx, restaurantId, chunk),
        selectLedgerLines(tx, restaurantId, chunk),
        selectLedgerDiscounts(tx, restaurantId, chunk),
        selectLedgerPayments(tx, restaurantId, chunk),
        selectLedgerRefunds(tx, restaurantId, chunk),
      ]);
      const by = new Map<string, Mutable<LedgerSession>>();
      for (const s of states)
        by.set(s.id, { open: s.status === 'OPEN', lines: [], discounts: [], payments: [], refunds: [] });
      // Every row's session is in the chunk (the queries name no other), so the lookup never misses.
      for (const l of lines) by.get(l.sessionId)!.lines.push(l);
      for (const d of discounts) by.get(d.session_id)!.discounts.push(d);
      for (const p of payments) by.get(p.session_id)!.payments.push(p);
      for (const r of refunds) by.get(r.session_id)!.refunds.push(r);
      return [...by.values()];
    });
    for (const s of sessions) ledger.add(s);
  }
  return {
    ...window,
    timezone: restaurant.timezone,
    currency: restaurant.currency,
    groupBy: query.groupBy,
    ...ledger.result(),
  };
}
