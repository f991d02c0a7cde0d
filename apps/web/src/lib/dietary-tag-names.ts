import type { DIETARY_TAGS } from '@plato/contracts/constants';

type DietaryTag = (typeof DIETARY_TAGS)[number];

/*
 * The dietary tags' names in each language the apps speak, shared by the
 * guest catalogs and the back office's (the tag an admin ticks is the one a
 * guest reads).
 */

export const en: Record<DietaryTag, string> = {
  VEGETARIAN: 'Vegetarian',
  VEGAN: 'Vegan',
  GLUTEN_FREE: 'Gluten-free',
  DAIRY_FREE: 'Dairy-free',
  HALAL: 'Halal',
  KOSHER: 'Kosher',
  SPICY: 'Spicy',
  NEW: 'New',
  POPULAR: 'Popular',
};

export const hi: Record<DietaryTag, string> = {
  VEGETARIAN: 'शाकाहारी',
  VEGAN: 'वीगन',
  GLUTEN_FREE: 'ग्लूटेन-मुक्त',
  DAIRY_FREE: 'डेयरी-मुक्त',
  HALAL: 'हलाल',
  KOSHER: 'कोषर',
  SPICY: 'तीखा',
  NEW: 'नया',
  POPULAR: 'लोकप्रिय',
};

export const es: Record<DietaryTag, string> = {
  VEGETARIAN: 'Vegetariano',
  VEGAN: 'Vegano',
  GLUTEN_FREE: 'Sin gluten',
  DAIRY_FREE: 'Sin lácteos',
  HALAL: 'Halal',
  KOSHER: 'Kosher',
  SPICY: 'Picante',
  NEW: 'Nuevo',
  POPULAR: 'Popular',
};
