import type { Allergen, DietaryTag, StaffRole } from '@plato/contracts';

/** The demo restaurant API.md promises: logins, stations, a real-looking menu and 12 tables. */

type StationKey = 'Kitchen' | 'Grill' | 'Bar';

export interface DemoModifierGroup {
  name: string;
  min: number;
  max: number;
  options: Array<[name: string, priceDeltaCents: number]>;
}

export interface DemoItem {
  name: string;
  description: string;
  priceCents: number;
  station: StationKey;
  allergens: Allergen[];
  tags: DietaryTag[];
  groups?: DemoModifierGroup[];
  translations?: Record<string, { name?: string; description?: string }>;
}

export interface DemoCategory {
  name: string;
  translations?: Record<string, { name?: string }>;
  /** Two colours for the generated photo of every item in the category. */
  palette: [string, string];
  items: DemoItem[];
}

const DONENESS: DemoModifierGroup = {
  name: 'Cooking',
  min: 1,
  max: 1,
  options: [
    ['Rare', 0],
    ['Medium rare', 0],
    ['Medium', 0],
    ['Well done', 0],
  ],
};
const SIDE: DemoModifierGroup = {
  name: 'Side',
  min: 1,
  max: 1,
  options: [
    ['Fries', 0],
    ['Green salad', 0],
    ['Sweet potato fries', 150],
    ['Mashed potatoes', 100],
  ],
};
const BURGER_EXTRAS: DemoModifierGroup = {
  name: 'Extras',
  min: 0,
  max: 4,
  options: [
    ['Bacon', 250],
    ['Cheddar', 150],
    ['Fried egg', 150],
    ['Avocado', 200],
  ],
};
const PIZZA_EXTRAS: DemoModifierGroup = {
  name: 'Extra toppings',
  min: 0,
  max: 3,
  options: [
    ['Buffalo mozzarella', 300],
    ['Prosciutto', 350],
    ['Mushrooms', 150],
    ['Chili oil', 50],
  ],
};
const ICE: DemoModifierGroup = {
  name: 'Ice',
  min: 0,
  max: 1,
  options: [
    ['No ice', 0],
    ['Extra ice', 0],
  ],
};
const MILK: DemoModifierGroup = {
  name: 'Milk',
  min: 0,
  max: 1,
  options: [
    ['Oat milk', 50],
    ['Almond milk', 50],
    ['Lactose-free milk', 0],
  ],
};
const SCOOPS: DemoModifierGroup = {
  name: 'Flavours (pick 2)',
  min: 2,
  max: 2,
  options: [
    ['Vanilla', 0],
    ['Chocolate', 0],
    ['Pistachio', 50],
    ['Lemon sorbet', 0],
    ['Salted caramel', 0],
  ],
};

export const DEMO = {
  slug: 'demo',
  name: 'Plato Demo Bistro',
  currency: 'EUR',
  locale: 'en',
  /** The menu's translations below are in these. */
  languages: ['es', 'hi', 'fr'],
  timezone: 'Europe/Paris',
  password: 'plato-demo',
  staff: [
    { role: 'ADMIN', name: 'Alex Admin', email: 'admin@demo.plato' },
    { role: 'MANAGER', name: 'Morgan Manager', email: 'manager@demo.plato' },
    { role: 'WAITER', name: 'Wes Waiter', email: 'waiter@demo.plato' },
    { role: 'CHEF', name: 'Charlie Chef', email: 'chef@demo.plato' },
    { role: 'CASHIER', name: 'Casey Cashier', email: 'cashier@demo.plato' },
  ] satisfies Array<{ role: StaffRole; name: string; email: string }>,
  stations: ['Kitchen', 'Grill', 'Bar'] satisfies StationKey[],
  /** Where items without a station of their own go: the demo's Kitchen items follow it. */
  defaultStation: 'Kitchen' satisfies StationKey,
  tables: Array.from({ length: 12 }, (_, i) => ({
    name: `Table ${i + 1}`,
    seats: i < 4 ? 2 : i < 10 ? 4 : 6,
    area: i < 8 ? 'Dining room' : 'Terrace',
  })),
  categories: [
    {
      name: 'Starters',
      translations: { fr: { name: 'Entrées' }, es: { name: 'Entrantes' }, hi: { name: 'स्टार्टर' } },
      palette: ['#f4a261', '#e76f51'],
      items: [
        {
          name: 'Burrata & heirloom tomatoes',
          description: 'Creamy burrata, tomatoes, basil oil, sourdough crumbs.',
          priceCents: 1250,
          station: 'Kitchen',
          allergens: ['MILK', 'GLUTEN'],
          tags: ['VEGETARIAN', 'POPULAR'],
          translations: { fr: { name: 'Burrata et tomates anciennes' } },
        },
        {
          name: 'Crispy calamari',
          description: 'Lightly fried squid, lemon aioli.',
          priceCents: 1100,
          station: 'Kitchen',
          allergens: ['MOLLUSCS', 'GLUTEN', 'EGGS'],
          tags: [],
        },
        {
          name: 'French onion soup',
          description: 'Slow-cooked onions, beef broth, gruyère crouton.',
          priceCents: 950,
          station: 'Kitchen',
          allergens: ['GLUTEN', 'MILK', 'CELERY'],
          tags: [],
          translations: { fr: { name: "Soupe à l'oignon" } },
        },
        {
          name: 'Tuna tartare',
          description: 'Yellowfin tuna, avocado, sesame, ponzu.',
          priceCents: 1450,
          station: 'Kitchen',
          allergens: ['FISH', 'SESAME', 'SOYBEANS'],
          tags: ['DAIRY_FREE'],
        },
        {
          name: 'Garden salad',
          description: 'Leaves, radish, cucumber, mustard vinaigrette.',
          priceCents: 850,
          station: 'Kitchen',
          allergens: ['MUSTARD'],
          tags: ['VEGAN', 'GLUTEN_FREE'],
        },
        {
          name: 'Chicken wings',
          description: 'Smoky glaze, blue cheese dip.',
          priceCents: 1050,
          station: 'Grill',
          allergens: ['MILK', 'CELERY'],
          tags: ['SPICY'],
          groups: [
            {
              name: 'Heat',
              min: 1,
              max: 1,
              options: [
                ['Mild', 0],
                ['Hot', 0],
                ['Inferno', 0],
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'Mains',
      translations: { fr: { name: 'Plats' }, es: { name: 'Principales' }, hi: { name: 'मुख्य व्यंजन' } },
      palette: ['#8d5524', '#c68642'],
      items: [
        {
          name: 'Ribeye steak 300 g',
          description: 'Dry-aged ribeye, peppercorn sauce.',
          priceCents: 3200,
          station: 'Grill',
          allergens: ['MILK', 'SULPHITES'],
          tags: ['GLUTEN_FREE', 'POPULAR'],
          groups: [DONENESS, SIDE],
        },
        {
          name: 'Plato burger',
          description: 'Aged beef, cheddar, pickles, brioche bun.',
          priceCents: 1750,
          station: 'Grill',
          allergens: ['GLUTEN', 'MILK', 'EGGS', 'MUSTARD', 'SESAME'],
          tags: ['POPULAR'],
          groups: [DONENESS, SIDE, BURGER_EXTRAS],
        },
        {
          name: 'Grilled sea bass',
          description: 'Fennel, citrus, salsa verde.',
          priceCents: 2450,
          station: 'Grill',
          allergens: ['FISH'],
          tags: ['GLUTEN_FREE', 'DAIRY_FREE'],
          groups: [SIDE],
        },
        {
          name: 'Margherita pizza',
          description: 'San Marzano tomato, fior di latte, basil.',
          priceCents: 1300,
          station: 'Kitchen',
          allergens: ['GLUTEN', 'MILK'],
          tags: ['VEGETARIAN'],
          groups: [PIZZA_EXTRAS],
        },
        {
          name: 'Truffle tagliatelle',
          description: 'Fresh egg pasta, black truffle, parmesan.',
          priceCents: 2200,
          station: 'Kitchen',
          allergens: ['GLUTEN', 'EGGS', 'MILK'],
          tags: ['VEGETARIAN'],
        },
        {
          name: 'Mushroom risotto',
          description: 'Carnaroli rice, wild mushrooms, thyme.',
          priceCents: 1850,
          station: 'Kitchen',
          allergens: ['MILK', 'CELERY', 'SULPHITES'],
          tags: ['VEGETARIAN', 'GLUTEN_FREE'],
        },
        {
          name: 'Half roast chicken',
          description: 'Free-range, garlic and herb jus.',
          priceCents: 2100,
          station: 'Grill',
          allergens: ['CELERY'],
          tags: ['GLUTEN_FREE'],
          groups: [SIDE],
        },
        {
          name: 'Chickpea curry',
          description: 'Coconut, spinach, basmati rice.',
          priceCents: 1600,
          station: 'Kitchen',
          allergens: [],
          tags: ['VEGAN', 'GLUTEN_FREE', 'SPICY'],
        },
      ],
    },
    {
      name: 'Sides',
      translations: { fr: { name: 'Accompagnements' }, es: { name: 'Guarniciones' }, hi: { name: 'साइड डिश' } },
      palette: ['#e9c46a', '#f4a261'],
      items: [
        {
          name: 'Fries',
          description: 'Hand-cut, sea salt.',
          priceCents: 450,
          station: 'Kitchen',
          allergens: [],
          tags: ['VEGAN', 'GLUTEN_FREE'],
          translations: { fr: { name: 'Frites' }, es: { name: 'Patatas fritas' }, hi: { name: 'फ्रेंच फ्राइज़' } },
        },
        {
          name: 'Truffle fries',
          description: 'Parmesan, truffle oil.',
          priceCents: 650,
          station: 'Kitchen',
          allergens: ['MILK'],
          tags: ['VEGETARIAN'],
        },
        {
          name: 'Grilled vegetables',
          description: 'Courgette, peppers, aubergine.',
          priceCents: 550,
          station: 'Grill',
          allergens: [],
          tags: ['VEGAN', 'GLUTEN_FREE'],
        },
        {
          name: 'Garlic bread',
          description: 'Sourdough, garlic butter, parsley.',
          priceCents: 500,
          station: 'Kitchen',
          allergens: ['GLUTEN', 'MILK'],
          tags: ['VEGETARIAN'],
        },
      ],
    },
    {
      name: 'Desserts',
      translations: { fr: { name: 'Desserts' }, es: { name: 'Postres' }, hi: { name: 'मिठाइयाँ' } },
      palette: ['#e5989b', '#b5838d'],
      items: [
        {
          name: 'Chocolate fondant',
          description: 'Molten centre, vanilla ice cream.',
          priceCents: 900,
          station: 'Kitchen',
          allergens: ['GLUTEN', 'EGGS', 'MILK'],
          tags: ['VEGETARIAN', 'POPULAR'],
        },
        {
          name: 'Crème brûlée',
          description: 'Tahitian vanilla, caramelised sugar.',
          priceCents: 800,
          station: 'Kitchen',
          allergens: ['EGGS', 'MILK'],
          tags: ['VEGETARIAN', 'GLUTEN_FREE'],
        },
        {
          name: 'Lemon tart',
          description: 'Shortcrust, lemon curd, meringue.',
          priceCents: 850,
          station: 'Kitchen',
          allergens: ['GLUTEN', 'EGGS', 'MILK'],
          tags: ['VEGETARIAN'],
        },
        {
          name: 'Ice cream',
          description: 'Two scoops, house-made.',
          priceCents: 650,
          station: 'Kitchen',
          allergens: ['MILK', 'EGGS', 'NUTS'],
          tags: ['VEGETARIAN'],
          groups: [SCOOPS],
        },
        {
          name: 'Cheese plate',
          description: 'Three French cheeses, quince, walnuts.',
          priceCents: 1200,
          station: 'Kitchen',
          allergens: ['MILK', 'NUTS', 'GLUTEN'],
          tags: ['VEGETARIAN'],
        },
      ],
    },
    {
      name: 'Drinks',
      translations: { fr: { name: 'Boissons' }, es: { name: 'Bebidas' }, hi: { name: 'पेय' } },
      palette: ['#2a9d8f', '#264653'],
      items: [
        {
          name: 'Espresso',
          description: 'Single origin, roasted locally.',
          priceCents: 280,
          station: 'Bar',
          allergens: [],
          tags: ['VEGAN'],
        },
        {
          name: 'Flat white',
          description: 'Double ristretto, steamed milk.',
          priceCents: 420,
          station: 'Bar',
          allergens: ['MILK'],
          tags: ['VEGETARIAN'],
          groups: [MILK],
        },
        {
          name: 'Fresh lemonade',
          description: 'Lemons, mint, a little cane sugar.',
          priceCents: 550,
          station: 'Bar',
          allergens: [],
          tags: ['VEGAN'],
          groups: [ICE],
        },
        {
          name: 'Sparkling water 75 cl',
          description: 'Chilled.',
          priceCents: 500,
          station: 'Bar',
          allergens: [],
          tags: ['VEGAN'],
        },
        {
          name: 'House red wine (glass)',
          description: 'Côtes du Rhône.',
          priceCents: 750,
          station: 'Bar',
          allergens: ['SULPHITES'],
          tags: ['VEGAN'],
        },
        {
          name: 'Craft IPA 33 cl',
          description: 'Citrus and pine, 6.2 %.',
          priceCents: 690,
          station: 'Bar',
          allergens: ['GLUTEN'],
          tags: ['VEGAN'],
        },
        {
          name: 'Negroni',
          description: 'Gin, Campari, sweet vermouth.',
          priceCents: 1100,
          station: 'Bar',
          allergens: ['SULPHITES'],
          tags: ['VEGAN'],
          groups: [ICE],
        },
      ],
    },
  ] satisfies DemoCategory[] as DemoCategory[],
};
