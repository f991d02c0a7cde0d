/** @jsxImportSource preact */
import { ALLERGENS } from '@plato/contracts/constants';
import type { VNode } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatMoney } from '../../lib/money';
import { guestApi } from '../api';
import { errorText } from '../cart/cart-screen';
import { language, useT } from '../i18n';
import { navigate, screenPath } from '../router';
import { acceptCart, announce, cart, cartCount, menu, view } from '../store';
import {
  avoided,
  dishCount,
  firstDishes,
  needsChoices,
  search,
  toggleAvoided,
  visibleCategories,
  type MenuItem,
} from './menu-filters';

/** Photos of the first items load at once (they are what the guest sees first); the rest when scrolled near. */
const EAGER_PHOTOS = 2;

/**
 * Dishes drawn in the first pass, about a phone's first screen, then in passes of this many, one per frame: a
 * mid-range phone paints the first screen without waiting for the whole menu to be built, and no single task
 * keeps a tap waiting while the rest is drawn. Only ever appended below, so nothing on screen moves.
 */
const FIRST_PASS = 4;
const NEXT_PASS = 3;

/**
 * How many of `total` dishes to draw now (FIRST_PASS at once, NEXT_PASS more after each painted frame), and
 * whether the first of those frames has been painted: photos are asked for after it, so the menu's words are
 * never held up by a dozen image requests on a slow network; each photo's box is there from the start.
 */
function useDrawnProgressively(total: number): { drawn: number; painted: boolean } {
  const [drawn, setDrawn] = useState(FIRST_PASS);
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (total === 0 || (painted && drawn >= total)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the frame that shows what is drawn: a task of its own, so the paint comes first.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        setPainted(true);
        setDrawn((n) => n + NEXT_PASS);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [drawn, total, painted]);
  return { drawn, painted };
}

export function MenuScreen({ qrToken }: { qrToken: string }) {
  const t = useT();
  const m = menu.value;
  const v = view.value!;
  const [filterOpen, setFilterOpen] = useState(false);
  const [activeCategory, setActiveCategory] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const avoiding = avoided.value;
  const searching = search.value;
  const shown = useMemo(() => (m ? visibleCategories(m, avoiding, searching) : null), [m, avoiding, searching]);
  const { drawn, painted } = useDrawnProgressively(shown ? dishCount(shown.categories) : 0);
  const drawnCategories = useMemo(() => shown && firstDishes(shown.categories, drawn), [shown, drawn]);
  const money = (cents: number) => formatMoney(cents, v.restaurant.currency, language.value);

  // Scroll-spy: the category bar follows the section being read, the one whose heading came up the screen last among
  // those in the band below the bar. The observer reports only the sections that crossed the band, so the set of
  // those inside it is kept here (picking among the changed ones only lit the section above after a category jump).
  useEffect(() => {
    const root = listRef.current;
    if (!root) return;
    const inBand = new Set<Element>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting) inBand.add(e.target);
          else inBand.delete(e.target);
        }
        let reading: Element | undefined;
        for (const section of inBand) {
          if (!reading || section.getBoundingClientRect().top > reading.getBoundingClientRect().top) reading = section;
        }
        if (reading) setActiveCategory(reading.id);
      },
      { rootMargin: '-120px 0px -60% 0px' },
    );
    root.querySelectorAll('section[id]').forEach((s) => observer.observe(s));
    return () => observer.disconnect();
  }, [drawnCategories?.map((c) => c.id).join()]);

  // The list only changes with the menu, the filters, the currency and the language: the same vnode otherwise,
  // so a cart change, a scroll-spy move or a live event does not redraw every dish (Preact skips an equal vnode).
  const currency = v.restaurant.currency;
  const list = useMemo(
    () =>
      drawnCategories && (
        <MenuList qrToken={qrToken} categories={drawnCategories} currency={currency} photos={painted} />
      ),
    [drawnCategories, currency, qrToken, painted],
  );
  if (!m || !shown) return <p class="screen muted">{t('common.loading')}</p>;

  return (
    <div class="menu">
      <div class="menu__bar">
        <nav class="categories" aria-label={t('menu.categories')}>
          {shown.categories.map((c) => (
            <a
              key={c.id}
              class="categories__link"
              href={`#cat-${c.id}`}
              aria-current={activeCategory === `cat-${c.id}` ? 'true' : undefined}
            >
              {c.name}
            </a>
          ))}
        </nav>
        <div class="menu__tools">
          <label class="search">
            <span class="visually-hidden">{t('menu.search')}</span>
            <input
              class="field__input"
              type="search"
              placeholder={t('menu.search')}
              value={search.value}
              onInput={(e) => (search.value = e.currentTarget.value)}
            />
          </label>
          <button
            class="button button--secondary"
            type="button"
            aria-expanded={filterOpen}
            aria-controls="allergen-filter"
            onClick={() => setFilterOpen(!filterOpen)}
          >
            {avoided.value.length > 0 ? t('menu.allergensCount', { count: avoided.value.length }) : t('menu.allergens')}
          </button>
        </div>
        {filterOpen && (
          <fieldset class="allergen-filter" id="allergen-filter">
            <legend>{t('menu.avoidLegend')}</legend>
            {ALLERGENS.map((a) => (
              <label class="chip" key={a}>
                <input type="checkbox" checked={avoided.value.includes(a)} onChange={() => toggleAvoided(a)} />
                <span>{t(`allergen.${a}`)}</span>
              </label>
            ))}
          </fieldset>
        )}
        <p class="menu__hidden" role="status">
          {shown.hidden > 0 ? t('menu.hiddenCount', { count: shown.hidden }) : ''}
        </p>
      </div>

      <div ref={listRef}>{list}</div>

      {cartCount.value > 0 && (
        <div class="sticky-action">
          <a
            class="button button--primary button--block"
            href={screenPath(qrToken, 'cart')}
            onClick={(e) => {
              e.preventDefault();
              navigate(screenPath(qrToken, 'cart'));
            }}
          >
            {t('menu.viewCart', { count: cartCount.value, total: money(cart.value?.totalCents ?? 0) })}
          </a>
        </div>
      )}
    </div>
  );
}

type Category = NonNullable<ReturnType<typeof visibleCategories>>['categories'][number];

function MenuList({
  qrToken,
  categories,
  currency,
  photos,
}: {
  qrToken: string;
  categories: Category[];
  currency: string;
  /** False for the first frame: each photo's box is drawn, its image asked for after. */
  photos: boolean;
}) {
  const t = useT();
  const eager = new Set(categories[0]?.items.slice(0, EAGER_PHOTOS).map((i) => i.id));
  // One row per dish object, kept while the dish, the currency, the language and the photos stay the same: each
  // pass of the progressive drawing then builds only its new rows, Preact skipping the ones it already drew.
  const rows = useMemo(() => new WeakMap<MenuItem, VNode>(), [qrToken, currency, photos, language.value]);
  const rowOf = (item: MenuItem) => {
    let row = rows.get(item);
    if (!row) {
      row = (
        <MenuRow
          key={item.id}
          item={item}
          qrToken={qrToken}
          currency={currency}
          photo={photos ? (eager.has(item.id) ? 'eager' : 'lazy') : 'later'}
        />
      );
      rows.set(item, row);
    }
    return row;
  };

  return (
    <>
      {categories.length === 0 && <p class="screen muted">{t('menu.nothing')}</p>}
      {categories.map((c) => (
        <section key={c.id} id={`cat-${c.id}`} class="menu__section" aria-labelledby={`cat-title-${c.id}`}>
          <h2 id={`cat-title-${c.id}`}>{c.name}</h2>
          <ul class="items">{c.items.map(rowOf)}</ul>
        </section>
      ))}
    </>
  );
}

function MenuRow({
  item,
  qrToken,
  currency,
  photo,
}: {
  item: MenuItem;
  qrToken: string;
  currency: string;
  /** How its photo loads: at once, when scrolled near, or not yet (its box only). */
  photo: 'eager' | 'lazy' | 'later';
}) {
  const t = useT();
  const open = screenPath(qrToken, 'item', item.id);

  async function quickAdd() {
    announce(t('menu.added', { name: item.name }));
    try {
      acceptCart(await guestApi.addLine({ menuItemId: item.id, quantity: 1, optionIds: [], course: 1 }));
    } catch (error) {
      announce(errorText(error, t));
    }
  }

  return (
    <li class={`item${item.available ? '' : ' item--soldout'}`}>
      <a
        class="item__open"
        href={open}
        onClick={(e) => {
          e.preventDefault();
          navigate(open);
        }}
      >
        <span class="item__text">
          <span class="item__name">{item.name}</span>
          <span class="item__desc">{item.description}</span>
          <Badges item={item} />
          <span class="item__price">
            {item.available ? formatMoney(item.priceCents, currency, language.value) : t('menu.soldOut')}
          </span>
        </span>
        {item.imageUrl &&
          (photo === 'later' ? (
            <span class="item__photo" />
          ) : (
            // `loading` before `src`: Preact sets props in order, and Firefox starts loading an image given its src
            // before it is told to be lazy.
            <img
              class="item__photo"
              loading={photo}
              decoding="async"
              width={96}
              height={96}
              alt=""
              src={item.imageUrl}
            />
          ))}
      </a>
      {item.available && (
        <button
          class="item__add"
          type="button"
          aria-label={needsChoices(item) ? t('menu.choose', { name: item.name }) : t('menu.add', { name: item.name })}
          onClick={() => (needsChoices(item) ? navigate(open) : void quickAdd())}
        >
          +
        </button>
      )}
    </li>
  );
}

export function Badges({ item }: { item: MenuItem }) {
  const t = useT();
  return (
    <span class="badges">
      {item.tags.map((tag) => (
        <span key={tag} class={`badge badge--${tag.toLowerCase()}`}>
          {t(`tag.${tag}`)}
        </span>
      ))}
      {item.allergens.length > 0 && (
        <span class="badge badge--allergens">
          {t('menu.contains', { list: item.allergens.map((a) => t(`allergen.${a}`)).join(', ') })}
        </span>
      )}
    </span>
  );
}
