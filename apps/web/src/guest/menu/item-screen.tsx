/** @jsxImportSource preact */
import { LIMITS } from '@plato/contracts/constants';
import { useState } from 'preact/hooks';
import { formatMoney } from '../../lib/money';
import { guestApi } from '../api';
import { errorText } from '../cart/cart-screen';
import { language, useT } from '../i18n';
import { navigate, screenPath } from '../router';
import { acceptCart, announce, menu, view } from '../store';
import { Badges } from './menu-screen';
import type { MenuItem } from './menu-filters';
import { Stepper } from '../shell/stepper';

type Group = MenuItem['modifierGroups'][number];

/**
 * One item: its choices (a group of one is a radio group, more is a set of
 * checkboxes capped at the group's max), the running price, a note, the
 * quantity and whether it comes later; Add stays off until every group has
 * its minimum.
 */
export function ItemScreen({ qrToken, itemId }: { qrToken: string; itemId: string }) {
  const t = useT();
  const item = menu.value?.categories.flatMap((c) => c.items).find((i) => i.id === itemId);
  if (!menu.value) return <p class="screen muted">{t('common.loading')}</p>;
  if (!item) {
    return (
      <section class="screen">
        <h1>{t('item.notFound')}</h1>
        <BackToMenu qrToken={qrToken} />
      </section>
    );
  }
  return <ItemForm key={item.id} item={item} qrToken={qrToken} />;
}

function ItemForm({ item, qrToken }: { item: MenuItem; qrToken: string }) {
  const t = useT();
  const currency = view.value!.restaurant.currency;
  const money = (cents: number) => formatMoney(cents, currency, language.value);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [quantity, setQuantity] = useState(1);
  const [note, setNote] = useState('');
  const [later, setLater] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  const options = item.modifierGroups.flatMap((g) => g.options.filter((o) => chosen[g.id]?.includes(o.id)));
  const unit = item.priceCents + options.reduce((sum, o) => sum + o.priceDeltaCents, 0);
  const missing = item.modifierGroups.filter((g) => (chosen[g.id]?.length ?? 0) < g.min);

  function pick(group: Group, optionId: string, on: boolean) {
    const current = chosen[group.id] ?? [];
    const next =
      group.max === 1 ? (on ? [optionId] : []) : on ? [...current, optionId] : current.filter((id) => id !== optionId);
    setChosen({ ...chosen, [group.id]: next });
  }

  async function add() {
    setTried(true);
    if (missing.length > 0 || busy) return;
    setBusy(true);
    try {
      acceptCart(
        await guestApi.addLine({
          menuItemId: item.id,
          quantity,
          optionIds: options.map((o) => o.id),
          ...(note.trim() && { note: note.trim() }),
          course: later ? 2 : 1,
        }),
      );
      announce(t('menu.added', { name: item.name }));
      navigate(screenPath(qrToken, 'menu'));
    } catch (error) {
      announce(errorText(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="screen item-sheet" aria-labelledby="item-title">
      <BackToMenu qrToken={qrToken} />
      {item.imageUrl && (
        <img class="item-sheet__photo" src={item.imageUrl} alt="" width={390} height={260} decoding="async" />
      )}
      <h1 id="item-title">{item.name}</h1>
      <p>{item.description}</p>
      <Badges item={item} />
      <p class="item-sheet__price">{item.available ? money(item.priceCents) : t('menu.soldOut')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        {item.modifierGroups.map((group) => {
          const picked = chosen[group.id] ?? [];
          const short = tried && picked.length < group.min;
          const hintId = `hint-${group.id}`;
          return (
            <fieldset class="group" key={group.id} aria-describedby={hintId}>
              <legend class="group__name">{group.name}</legend>
              <p id={hintId} class={`small ${short ? 'text-danger' : 'muted'}`}>
                {groupHint(group, t)}
              </p>
              {group.options.map((o) => {
                const isOn = picked.includes(o.id);
                const full = group.max > 1 && !isOn && picked.length >= group.max;
                return (
                  <label class={`option${o.available ? '' : ' option--gone'}`} key={o.id}>
                    <input
                      type={group.max === 1 ? 'radio' : 'checkbox'}
                      name={`group-${group.id}`}
                      checked={isOn}
                      disabled={!o.available || full}
                      onChange={(e) => pick(group, o.id, e.currentTarget.checked)}
                    />
                    <span class="option__name">{o.name}</span>
                    <span class="option__price">
                      {!o.available ? t('menu.soldOut') : o.priceDeltaCents !== 0 ? `+${money(o.priceDeltaCents)}` : ''}
                    </span>
                  </label>
                );
              })}
              {group.max === 1 && group.min === 0 && picked.length > 0 && (
                <button
                  class="button button--ghost"
                  type="button"
                  onClick={() => setChosen({ ...chosen, [group.id]: [] })}
                >
                  {t('item.clearChoice', { group: group.name })}
                </button>
              )}
            </fieldset>
          );
        })}
        <label class="field">
          <span class="field__label">{t('item.note')}</span>
          <textarea
            class="field__input"
            rows={2}
            maxLength={LIMITS.noteMaxLength}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <label class="option">
          <input type="checkbox" checked={later} onChange={(e) => setLater(e.currentTarget.checked)} />
          <span class="option__name">{t('item.laterLabel')}</span>
        </label>
        <Stepper
          large
          label={t('item.quantity')}
          value={quantity}
          less={{ label: t('item.less'), disabled: quantity <= 1, onClick: () => setQuantity(quantity - 1) }}
          more={{
            label: t('item.more'),
            disabled: quantity >= LIMITS.cartQuantityMax,
            onClick: () => setQuantity(quantity + 1),
          }}
        />
        <div class="sticky-action">
          {tried && missing.length > 0 && (
            <p class="small text-danger" role="alert">
              {t('item.missing', { groups: missing.map((g) => g.name).join(', ') })}
            </p>
          )}
          <button class="button button--primary button--block" type="submit" disabled={!item.available || busy}>
            {t('item.add', { total: money(unit * quantity) })}
          </button>
        </div>
      </form>
    </section>
  );
}

function groupHint(group: Group, t: ReturnType<typeof useT>): string {
  if (group.min === group.max) return t('item.pickExactly', { count: group.min });
  if (group.min > 0) return t('item.pickBetween', { min: group.min, max: group.max });
  return t('item.pickUpTo', { count: group.max });
}

function BackToMenu({ qrToken }: { qrToken: string }) {
  const t = useT();
  return (
    <a
      class="back"
      href={screenPath(qrToken, 'menu')}
      onClick={(e) => {
        e.preventDefault();
        if (history.length > 1) history.back();
        else navigate(screenPath(qrToken, 'menu'));
      }}
    >
      ← {t('item.back')}
    </a>
  );
}
