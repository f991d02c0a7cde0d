import type { ALLERGENS } from '@plato/contracts/constants';

type Allergen = (typeof ALLERGENS)[number];

/*
 * The allergens' names in each language the apps speak, shared by the guest
 * catalogs and the kitchen's (a name must read the same on the phone that
 * ordered the dish and the screen that cooks it).
 */

export const en: Record<Allergen, string> = {
  GLUTEN: 'Gluten',
  CRUSTACEANS: 'Crustaceans',
  EGGS: 'Eggs',
  FISH: 'Fish',
  PEANUTS: 'Peanuts',
  SOYBEANS: 'Soy',
  MILK: 'Milk',
  NUTS: 'Tree nuts',
  CELERY: 'Celery',
  MUSTARD: 'Mustard',
  SESAME: 'Sesame',
  SULPHITES: 'Sulphites',
  LUPIN: 'Lupin',
  MOLLUSCS: 'Molluscs',
};

export const hi: Record<Allergen, string> = {
  GLUTEN: 'ग्लूटेन',
  CRUSTACEANS: 'क्रस्टेशियन',
  EGGS: 'अंडा',
  FISH: 'मछली',
  PEANUTS: 'मूँगफली',
  SOYBEANS: 'सोया',
  MILK: 'दूध',
  NUTS: 'मेवे',
  CELERY: 'सेलरी',
  MUSTARD: 'सरसों',
  SESAME: 'तिल',
  SULPHITES: 'सल्फाइट',
  LUPIN: 'ल्यूपिन',
  MOLLUSCS: 'मोलस्क',
};

export const es: Record<Allergen, string> = {
  GLUTEN: 'Gluten',
  CRUSTACEANS: 'Crustáceos',
  EGGS: 'Huevo',
  FISH: 'Pescado',
  PEANUTS: 'Cacahuetes',
  SOYBEANS: 'Soja',
  MILK: 'Leche',
  NUTS: 'Frutos de cáscara',
  CELERY: 'Apio',
  MUSTARD: 'Mostaza',
  SESAME: 'Sésamo',
  SULPHITES: 'Sulfitos',
  LUPIN: 'Altramuces',
  MOLLUSCS: 'Moluscos',
};
