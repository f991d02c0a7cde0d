import type { GuestMenuResponse } from '@plato/contracts';
import { describe, expect, it } from 'vitest';
import { dishCount, firstDishes, needsChoices, visibleCategories, type MenuItem } from './menu-filters';

const item = (name: string, extra: Partial<MenuItem> = {}): MenuItem => ({
  id: name,
  name,
  description: '',
  priceCents: 100,
  allergens: [],
  tags: [],
  available: true,
  modifierGroups: [],
  ...extra,
});

const menu: GuestMenuResponse = {
  locale: 'en',
  currency: 'EUR',
  categories: [
    {
      id: 'starters',
      name: 'Starters',
      items: [
        item('Calamari', { allergens: ['MOLLUSCS', 'GLUTEN'] }),
        item('Soup'),
        item('Burrata', { tags: ['POPULAR'], description: 'Crème fraîche' }),
      ],
    },
    { id: 'sea', name: 'Sea', items: [item('Mussels', { allergens: ['MOLLUSCS'] })] },
  ],
};

describe('visibleCategories', () => {
  it('puts popular items first and keeps the rest in order', () => {
    const { categories, hidden } = visibleCategories(menu, [], '');
    expect(categories[0]!.items.map((i) => i.name)).toEqual(['Burrata', 'Calamari', 'Soup']);
    expect(hidden).toBe(0);
  });

  it('hides items with an avoided allergen, counts them, and drops a category left empty', () => {
    const { categories, hidden } = visibleCategories(menu, ['MOLLUSCS'], '');
    expect(categories.map((c) => c.id)).toEqual(['starters']);
    expect(categories[0]!.items.map((i) => i.name)).toEqual(['Burrata', 'Soup']);
    expect(hidden).toBe(2);
  });

  it('searches names and descriptions without minding case or accents', () => {
    expect(visibleCategories(menu, [], 'CREME').categories[0]!.items.map((i) => i.name)).toEqual(['Burrata']);
    expect(visibleCategories(menu, [], 'nothing like it').categories).toEqual([]);
  });
});

describe('needsChoices', () => {
  it('is true only when a group has a minimum to choose', () => {
    const group = (min: number) => ({ id: 'g', name: 'G', min, max: 1, options: [] });
    expect(needsChoices(item('Plain'))).toBe(false);
    expect(needsChoices(item('Extras', { modifierGroups: [group(0)] }))).toBe(false);
    expect(needsChoices(item('Steak', { modifierGroups: [group(1)] }))).toBe(true);
  });
});

describe('firstDishes', () => {
  const cats = [
    { id: 'a', items: [1, 2, 3] },
    { id: 'b', items: [4, 5] },
    { id: 'c', items: [6] },
  ];

  it('keeps the first dishes in menu order, cutting the category the limit falls in', () => {
    expect(firstDishes(cats, 4)).toEqual([
      { id: 'a', items: [1, 2, 3] },
      { id: 'b', items: [4] },
    ]);
    expect(firstDishes(cats, 1)).toEqual([{ id: 'a', items: [1] }]);
  });

  it('stops at a category boundary without an empty category after it', () => {
    expect(firstDishes(cats, 5).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('hands back the list itself once everything fits, so a memo of it holds', () => {
    expect(firstDishes(cats, 6)).toBe(cats);
    expect(firstDishes(cats, 100)).toBe(cats);
    expect(dishCount(cats)).toBe(6);
  });
});
