import type { Bill, CreateSplitRequest, SplitPart } from '@plato/contracts';
import type { TFunction } from 'i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { errorMessage } from '../../../lib/error-message';
import { parseMoney } from '../../../lib/money';
import { proposeSplit } from '../api/till-actions';
import { newerBill, tillKeys } from '../api/till-queries';
import { useMoney } from '../../../components/ui/use-money';

type Method = CreateSplitRequest['method'];
const METHODS: Method[] = ['EQUAL', 'BY_GUEST', 'BY_ITEMS', 'CUSTOM'];

type Split = NonNullable<Bill['split']>;

export type PartToPay = { number: number; amountCents: number };

/** Splits the balance (equal parts, by guest, by items, custom amounts); each part can then be paid on its own. */
export function SplitPanel({ bill, onPay }: { bill: Bill; onPay: (part: PartToPay) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<Method>('EQUAL');
  const [equalParts, setEqualParts] = useState('2');
  const [groups, setGroups] = useState<Map<string, Set<number>>>(new Map());
  const [groupCount, setGroupCount] = useState(2);
  const [custom, setCustom] = useState<string[]>(['', '']);
  const split = useMutation({
    mutationFn: (body: CreateSplitRequest) => proposeSplit(bill.sessionId, body),
    onSuccess: ({ bill: next }) =>
      queryClient.setQueryData(tillKeys.bill(bill.sessionId), (cached: Bill | undefined) => newerBill(cached, next)),
  });

  function request(): CreateSplitRequest {
    switch (method) {
      case 'EQUAL':
        return { method, parts: Number(equalParts) };
      case 'BY_GUEST':
        return { method };
      case 'BY_ITEMS': {
        const byGroup = Array.from({ length: groupCount }, (): string[] => []);
        for (const [lineId, inGroups] of groups) for (const g of inGroups) byGroup[g]?.push(lineId);
        return { method, groups: byGroup.filter((g) => g.length > 0) };
      }
      case 'CUSTOM':
        return { method, amountsCents: custom.map((a) => parseMoney(a, bill.currency)) };
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    split.mutate(request());
  }

  function toggle(lineId: string, group: number) {
    setGroups((current) => {
      const next = new Map(current);
      const set = new Set(next.get(lineId));
      if (set.has(group)) set.delete(group);
      else set.add(group);
      next.set(lineId, set);
      return next;
    });
  }

  const money = useMoney(bill.currency);
  const paidParts = new Set(
    bill.payments.filter((p) => p.status === 'SUCCEEDED' && p.splitPart !== null).map((p) => p.splitPart),
  );
  const customTotal = custom.reduce((sum, a) => sum + (parseMoney(a, bill.currency) || 0), 0);

  return (
    <section className="card" aria-labelledby="split-title">
      <h2 id="split-title">{t('split.title')}</h2>
      <form onSubmit={submit} className="till__form">
        <fieldset className="till__choices">
          <legend>{t('split.method')}</legend>
          {METHODS.map((m) => (
            <label key={m} className="till__choice">
              <input type="radio" name="split-method" checked={method === m} onChange={() => setMethod(m)} />
              {t(`split.methods.${m}`)}
            </label>
          ))}
        </fieldset>

        {method === 'EQUAL' && (
          <label className="field">
            <span className="field__label">{t('split.parts')}</span>
            <input
              className="field__input"
              type="number"
              min={1}
              max={50}
              required
              value={equalParts}
              onChange={(e) => setEqualParts(e.target.value)}
            />
          </label>
        )}

        {method === 'BY_ITEMS' && (
          <div className="till__groups">
            <p className="till__hint">{t('split.itemsHint')}</p>
            <ul>
              {bill.lines.map((line) => (
                <li key={line.id}>
                  <span>
                    {line.quantity} × {line.name} <span className="till__muted">{money(line.dueCents)}</span>
                  </span>
                  <span className="till__group-buttons" role="group" aria-label={line.name}>
                    {Array.from({ length: groupCount }, (_, g) => (
                      <button
                        key={g}
                        type="button"
                        className="till__toggle"
                        aria-pressed={groups.get(line.id)?.has(g) ?? false}
                        aria-label={t('split.lineInGroup', { line: line.name, group: g + 1 })}
                        onClick={() => toggle(line.id, g)}
                      >
                        {g + 1}
                      </button>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
            <Button type="button" variant="ghost" onClick={() => setGroupCount((n) => Math.min(n + 1, 50))}>
              {t('split.addGroup')}
            </Button>
          </div>
        )}

        {method === 'CUSTOM' && (
          <div className="till__custom">
            {custom.map((amount, i) => (
              <label key={i} className="field">
                <span className="field__label">{t('split.amountOfPart', { part: i + 1 })}</span>
                <input
                  className="field__input"
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setCustom((all) => all.map((a, k) => (k === i ? e.target.value : a)))}
                />
              </label>
            ))}
            <p className="till__hint">{t('split.customLeft', { amount: money(bill.balanceCents - customTotal) })}</p>
            <Button type="button" variant="ghost" onClick={() => setCustom((all) => [...all, ''])}>
              {t('split.addPart')}
            </Button>
          </div>
        )}

        {split.isError && <Alert>{errorMessage(split.error)}</Alert>}
        <Button type="submit" variant="secondary" busy={split.isPending} disabled={bill.balanceCents === 0}>
          {t('split.submit')}
        </Button>
      </form>

      {bill.split?.stale && (
        <Alert tone="info">
          {t('split.stale', { then: money(bill.split.totalCents), now: money(bill.totalCents) })}
        </Alert>
      )}
      {bill.split && !bill.split.stale && bill.split.parts.length > 0 && (
        <ol className="till__parts" aria-label={t('split.partsLabel')}>
          {bill.split.parts.map((part, i) => {
            const paid = paidParts.has(i + 1);
            const label = partLabel(bill.split!, part, i, t);
            return (
              <li key={i}>
                <span>
                  {label}: <strong>{money(part.amountCents)}</strong>
                  {paid && <span className="badge">{t('split.paid')}</span>}
                </span>
                {!paid && (
                  <Button
                    type="button"
                    variant="ghost"
                    aria-label={t('split.payPart', { part: label })}
                    onClick={() => onPay({ number: i + 1, amountCents: Math.min(part.amountCents, bill.balanceCents) })}
                  >
                    {t('split.pay')}
                  </Button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** A part's name in the cashier's language (the server's label is English, for receipts and integrators). */
function partLabel(split: Split, part: SplitPart, index: number, t: TFunction): string {
  switch (split.method) {
    case 'EQUAL':
      return t('split.partOf', { part: index + 1, count: split.parts.length });
    case 'CUSTOM':
      return t('split.amountOfPart', { part: index + 1 });
    case 'BY_ITEMS':
      return part.rest ? t('split.rest') : t('split.group', { group: index + 1 });
    case 'BY_GUEST':
      // Guests name themselves when they join; one who did not is numbered.
      return part.label.trim() || t('split.guest', { number: index + 1 });
  }
}
