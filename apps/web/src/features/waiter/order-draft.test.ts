import { describe, expect, it } from 'vitest';
import {
  clampQuantity,
  groupFull,
  lineTotalCents,
  missingGroup,
  toOrderRequest,
  toggleOption,
  type MenuGroup,
  type MenuItem,
} from './order-draft';

const option = (id: string, priceDeltaCents = 0) => ({ id, name: id, priceDeltaCents, available: true });
const cooking: MenuGroup = { id: 'cook', name: 'Cooking', min: 1, max: 1, options: [option('rare'), option('done')] };
const extras: MenuGroup = {
  id: 'extras',
  name: 'Extras',
  min: 0,
  max: 2,
  options: [option('egg', 150), option('bacon', 200), option('cheese', 100)],
};
const burger: MenuItem = {
  id: 'burger',
  name: 'Burger',
  description: '',
  priceCents: 1450,
  allergens: [],
  tags: [],
  available: true,
  modifierGroups: [cooking, extras],
};

describe('toggleOption', () => {
  it('swaps the choice of a one-choice group', () => {
    expect(toggleOption(cooking, ['rare', 'egg'], 'done')).toEqual(['egg', 'done']);
    expect(toggleOption(cooking, ['rare'], 'rare')).toEqual([]);
  });
  it('refuses a choice beyond the maximum, and frees a place when one is unticked', () => {
    const two = toggleOption(extras, toggleOption(extras, ['rare'], 'egg'), 'bacon');
    expect(two).toEqual(['rare', 'egg', 'bacon']);
    expect(groupFull(extras, two)).toBe(true);
    expect(toggleOption(extras, two, 'cheese')).toEqual(two);
    expect(toggleOption(extras, two, 'egg')).toEqual(['rare', 'bacon']);
    expect(groupFull(cooking, ['rare'])).toBe(false);
  });
});

describe('missingGroup', () => {
  it('names the first group short of its minimum', () => {
    expect(missingGroup(burger, ['egg'])?.id).toBe('cook');
    expect(missingGroup(burger, ['done'])).toBeUndefined();
  });
});

describe('a line and the request', () => {
  it("prices the dish with its options' deltas, times the quantity", () => {
    expect(lineTotalCents({ item: burger, optionIds: ['done', 'egg', 'bacon'], quantity: 2 })).toBe(2 * (1450 + 350));
  });
  it('keeps quantities within 1..99', () => {
    expect([clampQuantity(0), clampQuantity(3.4), clampQuantity(500), clampQuantity(Number.NaN)]).toEqual([
      1, 3, 99, 1,
    ]);
  });
  it('sends ids, quantity, course and a trimmed note only when there is one', () => {
    const line = { key: 'a', item: burger, optionIds: ['rare'], quantity: 1, note: '  ', course: 1 };
    expect(toOrderRequest([line, { ...line, key: 'b', note: ' no salt ', course: 2 }])).toEqual({
      lines: [
        { menuItemId: 'burger', quantity: 1, optionIds: ['rare'], course: 1 },
        { menuItemId: 'burger', quantity: 1, optionIds: ['rare'], note: 'no salt', course: 2 },
      ],
    });
  });
});
