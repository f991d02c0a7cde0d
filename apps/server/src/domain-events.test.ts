import { describe, expect, it, vi } from 'vitest';
import type { Tx } from './db/transaction.ts';
import { DomainEvents } from './domain-events.ts';

const changed = { restaurantId: 'r1', tableIds: ['t1'] };

describe('DomainEvents', () => {
  it('starts every listener, in order, before emit returns', () => {
    const events = new DomainEvents();
    const order: string[] = [];
    events.on('table.changed', () => void order.push('first'));
    events.on('table.changed', async () => void order.push('second'));
    void events.emit('table.changed', changed);
    expect(order).toEqual(['first', 'second']);
  });

  it('reports a failing listener and never rejects; the others still run and are awaited', async () => {
    const report = vi.fn();
    const events = new DomainEvents(report);
    let finished = false;
    events.on('table.changed', () => {
      throw new Error('sync');
    });
    events.on('table.changed', () => Promise.reject(new Error('async')));
    events.on('table.changed', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      finished = true;
    });
    await expect(events.emit('table.changed', changed)).resolves.toBeUndefined();
    expect(finished).toBe(true);
    expect(report.mock.calls.map(([err, event]) => [(err as Error).message, event])).toEqual([
      ['sync', 'table.changed'],
      ['async', 'table.changed'],
    ]);
  });

  it('runs transaction hooks one after the other and lets their failure through', async () => {
    const events = new DomainEvents();
    const order: string[] = [];
    events.within('session.closing', async () => void order.push('fence'));
    events.within('session.closing', async () => {
      order.push('resolve');
      throw new Error('roll back');
    });
    const payload = {
      restaurantId: 'r1',
      sessionId: 's1',
      staffId: 'w1',
      override: false,
      notes: { receiptUrl: null },
    };
    await expect(events.run('session.closing', {} as Tx, payload, () => {})).rejects.toThrow('roll back');
    expect(order).toEqual(['fence', 'resolve']);
  });
});
