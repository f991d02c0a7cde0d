import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../../apps/server/src/db/ids.ts';
import type { Database } from '../../apps/server/src/db/schema.ts';
import { insertBareOrder, insertBareTableSession, seedFixture } from './baseline-apps.ts';

/**
 * The billing bench's yardstick: a bare Fastify app on the same database
 * doing only what a bill read and a payment cannot avoid, with none of
 * Plato's rules (no auth, no discounts, tax or service, no split, no audit,
 * no live event):
 * - GET /bill/:id reads the session row, its lines and its payments and
 *   answers their lines and the sum still owed;
 * - POST /payments/:id, in one transaction, reads the session row (locked
 *   on PostgreSQL), sums its lines and payments, refuses to overpay, and
 *   inserts the payment row.
 */

export const BILL_LINES = 40;

/** `sessions` open sessions, a table each, each with BILL_LINES lines in 4 orders. */
async function seedSessions(db: Kysely<Database>, sessions: number) {
  const f = await seedFixture(db);
  const ids: string[] = [];
  let number = 0;
  for (let s = 0; s < sessions; s++) {
    const sessionId = newId();
    const tableId = newId();
    const at = nowIso();
    await insertBareTableSession(db, { restaurantId: f.restaurantId, tableId, sessionId, name: `Till ${s + 1}` });
    for (let o = 0; o < 4; o++) {
      const lines = Array.from({ length: BILL_LINES / 4 }, (_, i) => ({
        stationId: f.stationId,
        menuItemId: newId(),
        guestId: null,
        name: `Item ${i}`,
        quantity: 1 + (i % 2),
        unitPriceCents: 950 + 100 * (i % 5),
      }));
      await insertBareOrder(db, {
        id: newId(),
        restaurantId: f.restaurantId,
        sessionId,
        tableId,
        number: ++number,
        guestId: null,
        idempotencyKey: newId(),
        totalCents: lines.reduce((a, l) => a + l.quantity * l.unitPriceCents, 0),
        at,
        lines,
      });
    }
    ids.push(sessionId);
  }
  return { restaurantId: f.restaurantId, ids };
}

export async function buildBaselineBilling(db: Kysely<Database>, sessions: number, postgres: boolean) {
  const { restaurantId, ids } = await seedSessions(db, sessions);
  const app: FastifyInstance = Fastify({ logger: false });

  const read = async (tx: Kysely<Database>, sessionId: string, lock: boolean) => {
    let q = tx.selectFrom('table_sessions').select(['id', 'status']).where('id', '=', sessionId);
    if (lock) q = q.forUpdate();
    const session = await q.executeTakeFirst();
    if (!session) return undefined;
    const lines = await tx
      .selectFrom('order_lines')
      .select(['id', 'name', 'quantity', 'unit_price_cents'])
      .where('session_id', '=', sessionId)
      .orderBy('position')
      .execute();
    const payments = await tx
      .selectFrom('payments')
      .select(['amount_cents', 'tip_cents', 'status'])
      .where('session_id', '=', sessionId)
      .execute();
    const total = lines.reduce((a, l) => a + l.quantity * l.unit_price_cents, 0);
    const paid = payments.reduce((a, p) => a + (p.status === 'SUCCEEDED' ? p.amount_cents : 0), 0);
    return { session, lines, total, paid, balance: total - paid };
  };

  app.get('/sessions', async () => ({ ids }));

  app.get<{ Params: { id: string } }>('/bill/:id', async (request, reply) => {
    const bill = await read(db, request.params.id, false);
    if (!bill) return reply.status(404).send({});
    return {
      lines: bill.lines.map((l) => ({
        id: l.id,
        name: l.name,
        quantity: l.quantity,
        unitPriceCents: l.unit_price_cents,
        dueCents: l.quantity * l.unit_price_cents,
      })),
      totalCents: bill.total,
      paidCents: bill.paid,
      balanceCents: bill.balance,
    };
  });

  app.post<{ Params: { id: string }; Body: { amountCents: number; tipCents?: number } }>(
    '/payments/:id',
    async (request, reply) => {
      const { amountCents, tipCents = 0 } = request.body;
      const at = nowIso();
      const id = newId();
      const outcome = await db.transaction().execute(async (tx) => {
        const bill = await read(tx, request.params.id, postgres);
        if (!bill) return 404;
        if (amountCents > bill.balance) return 409;
        await tx
          .insertInto('payments')
          .values({
            id,
            restaurant_id: restaurantId,
            session_id: request.params.id,
            method: 'CARD',
            status: 'SUCCEEDED',
            amount_cents: amountCents,
            tip_cents: tipCents,
            rounding_cents: 0,
            tendered_cents: null,
            change_cents: null,
            split_part: null,
            idempotency_key: request.headers['idempotency-key']?.toString() ?? id,
            request_hash: 'baseline',
            staff_id: null,
            guest_id: null,
            provider: null,
            provider_ref: null,
            expires_at: null,
            created_at: at,
            settled_at: at,
            redirect_url: null,
          })
          .execute();
        return 201;
      });
      return reply.status(outcome).send({ payment: { id, amountCents, tipCents, status: 'SUCCEEDED' } });
    },
  );
  return app;
}
