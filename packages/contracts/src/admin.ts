import { z } from 'zod';
import { ALLERGENS, DIETARY_TAGS } from './constants.ts';

export { ALLERGENS, DIETARY_TAGS } from './constants.ts';
import { StaffRole, Email, Password, RestaurantSlug } from './auth.ts';
import {
  BasisPoints,
  Cents,
  Currency,
  Description,
  Id,
  LIMITS,
  Locale,
  Name,
  SignedCents,
  Timestamp,
  text,
} from './common.ts';

// ---------------------------------------------------------------- settings

export const TimeZone = text()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Paris');

export const RestaurantSettings = z
  .object({
    id: Id,
    slug: RestaurantSlug,
    name: Name,
    currency: Currency,
    /** The language the menu's own names are written in. */
    locale: Locale,
    /** Other languages the menu is offered in: the back office asks for translations in these. */
    languages: z
      .array(Locale)
      .max(10)
      .refine((xs) => new Set(xs).size === xs.length, 'must not repeat a language'),
    timezone: TimeZone,
    taxRateBps: BasisPoints,
    taxInclusive: z.boolean(),
    serviceChargeBps: BasisPoints,
    pinLength: z.number().int().min(LIMITS.pinLengthMin).max(LIMITS.pinLengthMax),
    orderApproval: z.boolean(),
    /**
     * Where lines of items without a station of their own go (items created
     * or updated with `stationId: null`). Must be one of this restaurant's
     * stations (404 otherwise); null only while no item relies on it (409).
     */
    defaultStationId: Id.nullable(),
    /** Cash payments that settle a bill round to this many minor units (0: no rounding; 5 or 10). */
    cashRoundingCents: z.union([z.literal(0), z.literal(5), z.literal(10)]),
    /** Tip presets offered to guests and at the till, in percent. */
    tipPresetsPercent: z.array(z.number().int().min(1).max(100)).max(5),
    /** Close the session by itself when a payment leaves nothing owed. */
    autoClose: z.boolean(),
  })
  .meta({ id: 'RestaurantSettings' });
export type RestaurantSettings = z.infer<typeof RestaurantSettings>;

export const UpdateSettingsRequest = RestaurantSettings.omit({ id: true, slug: true }).partial().strict();
export type UpdateSettingsRequest = z.infer<typeof UpdateSettingsRequest>;
export const SettingsResponse = z.object({ settings: RestaurantSettings });

// ---------------------------------------------------------------- stations

/** A ticket's age at which a kitchen screen warns, then shows it late; warning must come before late. */
export const STATION_THRESHOLDS = { warnMinutes: 10, lateMinutes: 20, maxMinutes: 24 * 60 } as const;
const ThresholdMinutes = z.number().int().min(1).max(STATION_THRESHOLDS.maxMinutes);

export const Station = z
  .object({
    id: Id,
    name: Name,
    position: z.number().int(),
    /** A ticket open this long is shown WARNING… */
    warnMinutes: z.number().int(),
    /** …and this long LATE (always more than warnMinutes). */
    lateMinutes: z.number().int(),
  })
  .meta({ id: 'Station' });
export type Station = z.infer<typeof Station>;
/** Thresholds default to 10 and 20 minutes; warnMinutes < lateMinutes (with the stored values on update), else 400. */
export const CreateStationRequest = z.strictObject({
  name: Name,
  position: z.number().int().min(0).max(10_000).optional(),
  warnMinutes: ThresholdMinutes.optional(),
  lateMinutes: ThresholdMinutes.optional(),
});
export const UpdateStationRequest = CreateStationRequest.partial().strict();
export const StationResponse = z.object({ station: Station });
export const StationListResponse = z.object({ stations: z.array(Station) });

// ---------------------------------------------------------------- menu

export const Allergen = z.enum(ALLERGENS);
export type Allergen = z.infer<typeof Allergen>;

export const DietaryTag = z.enum(DIETARY_TAGS);
export type DietaryTag = z.infer<typeof DietaryTag>;

/** Per-locale overrides of guest-facing text, e.g. `{ fr: { name: "Frites" } }`. */
export const Translations = z.record(
  Locale,
  z.strictObject({ name: Name.optional(), description: Description.optional() }),
);
export type Translations = z.infer<typeof Translations>;

export const Position = z.number().int().min(0).max(10_000);

export const Category = z
  .object({
    id: Id,
    name: Name,
    position: z.number().int(),
    translations: Translations,
    /** The tax rate of this category's items, when it is not the restaurant's (drinks and food). */
    taxRateBps: BasisPoints.nullable(),
    /** Whether the service charge applies to this category's items. */
    serviceApplies: z.boolean(),
  })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof Category>;
export const CreateCategoryRequest = z.strictObject({
  name: Name,
  position: Position.optional(),
  translations: Translations.optional(),
  taxRateBps: BasisPoints.nullable().optional(),
  serviceApplies: z.boolean().optional(),
});
export const UpdateCategoryRequest = CreateCategoryRequest.partial().strict();
export type UpdateCategoryRequest = z.infer<typeof UpdateCategoryRequest>;
export const CategoryResponse = z.object({ category: Category });
export const CategoryListResponse = z.object({ categories: z.array(Category) });

export const ModifierOption = z
  .object({
    id: Id,
    groupId: Id,
    name: Name,
    priceDeltaCents: SignedCents,
    available: z.boolean(),
    position: z.number().int(),
  })
  .meta({ id: 'ModifierOption' });
export type ModifierOption = z.infer<typeof ModifierOption>;

export const ModifierGroup = z
  .object({
    id: Id,
    itemId: Id,
    name: Name,
    minSelections: z.number().int().min(0),
    maxSelections: z.number().int().min(1),
    position: z.number().int(),
    options: z.array(ModifierOption),
  })
  .meta({ id: 'ModifierGroup' });
export type ModifierGroup = z.infer<typeof ModifierGroup>;

const Selections = z.number().int().min(0).max(50);
const checkMinMax = (g: { minSelections?: number | undefined; maxSelections?: number | undefined }) =>
  g.minSelections === undefined || g.maxSelections === undefined || g.minSelections <= g.maxSelections;

export const CreateModifierGroupRequest = z
  .strictObject({
    name: Name,
    minSelections: Selections.default(0),
    maxSelections: Selections.min(1).default(1),
    position: Position.optional(),
  })
  .refine(checkMinMax, { message: 'minSelections must not exceed maxSelections', path: ['minSelections'] });
export const UpdateModifierGroupRequest = z
  .strictObject({
    name: Name.optional(),
    minSelections: Selections.optional(),
    maxSelections: Selections.min(1).optional(),
    position: Position.optional(),
  })
  .refine(checkMinMax, { message: 'minSelections must not exceed maxSelections', path: ['minSelections'] });
export const ModifierGroupResponse = z.object({ modifierGroup: ModifierGroup });

export const CreateModifierOptionRequest = z.strictObject({
  name: Name,
  priceDeltaCents: SignedCents.default(0),
  available: z.boolean().default(true),
  position: Position.optional(),
});
export const UpdateModifierOptionRequest = z.strictObject({
  name: Name.optional(),
  priceDeltaCents: SignedCents.optional(),
  available: z.boolean().optional(),
  position: Position.optional(),
});
export const ModifierOptionResponse = z.object({ modifierOption: ModifierOption });

export const MenuItem = z
  .object({
    id: Id,
    categoryId: Id,
    /** Null: the item follows the restaurant's default station (settings `defaultStationId`). */
    stationId: Id.nullable(),
    name: Name,
    description: z.string(),
    priceCents: Cents,
    imageUrl: z.string().nullable(),
    allergens: z.array(Allergen),
    tags: z.array(DietaryTag),
    available: z.boolean(),
    position: z.number().int(),
    translations: Translations,
    modifierGroups: z.array(ModifierGroup),
    updatedAt: Timestamp,
  })
  .meta({ id: 'MenuItem' });
export type MenuItem = z.infer<typeof MenuItem>;

const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .max(20)
    .refine((xs) => new Set(xs).size === xs.length, 'must not repeat a value');

export const CreateMenuItemRequest = z.strictObject({
  categoryId: Id,
  /** Null or omitted: the restaurant's default station, followed when it changes (409 while there is none). */
  stationId: Id.nullable().optional(),
  name: Name,
  description: Description.default(''),
  priceCents: Cents,
  allergens: uniqueList(Allergen).default([]),
  tags: uniqueList(DietaryTag).default([]),
  available: z.boolean().default(true),
  position: Position.optional(),
  translations: Translations.optional(),
});
export type CreateMenuItemRequest = z.infer<typeof CreateMenuItemRequest>;
export const UpdateMenuItemRequest = z.strictObject({
  categoryId: Id.optional(),
  /** Null: follow the restaurant's default station from now on. */
  stationId: Id.nullable().optional(),
  name: Name.optional(),
  description: Description.optional(),
  priceCents: Cents.optional(),
  allergens: uniqueList(Allergen).optional(),
  tags: uniqueList(DietaryTag).optional(),
  available: z.boolean().optional(),
  position: Position.optional(),
  translations: Translations.optional(),
});
export type UpdateMenuItemRequest = z.infer<typeof UpdateMenuItemRequest>;
/** The one change a MANAGER may make to the menu (86 an item or bring it back). */
export const AvailabilityRequest = z.strictObject({ available: z.boolean() });
export const MenuItemResponse = z.object({ item: MenuItem });
export const MenuItemListResponse = z.object({ items: z.array(MenuItem) });
export const MenuItemListQuery = z.strictObject({ categoryId: Id.optional() });

// ---------------------------------------------------------------- tables

export const TableName = text({ trim: true }).min(1).max(40);
export const AdminTable = z
  .object({
    id: Id,
    name: TableName,
    seats: z.number().int(),
    area: z.string(),
    qrToken: z.string(),
    qrUrl: z.url(),
    createdAt: Timestamp,
  })
  .meta({ id: 'AdminTable' });
export type AdminTable = z.infer<typeof AdminTable>;
export const CreateTableRequest = z.strictObject({
  name: TableName,
  seats: z.number().int().min(1).max(100).default(4),
  area: text({ trim: true }).max(40).default(''),
});
export type CreateTableRequest = z.infer<typeof CreateTableRequest>;
export const UpdateTableRequest = z.strictObject({
  name: TableName.optional(),
  seats: z.number().int().min(1).max(100).optional(),
  area: text({ trim: true }).max(40).optional(),
});
export type UpdateTableRequest = z.infer<typeof UpdateTableRequest>;
export const TableResponse = z.object({ table: AdminTable });
export const TableListResponse = z.object({ tables: z.array(AdminTable) });
/** The table list takes no options; unknown query parameters are refused like unknown body fields. */
export const TableListQuery = z.strictObject({});
/** `?ids=a,b` prints cards for just those tables (each must exist); without it, for every table. */
export const TableCardsQuery = z.strictObject({
  ids: text()
    .max(20_000)
    .meta({ description: 'Comma-separated table ids, e.g. `?ids=a,b`' })
    .transform((s) => s.split(',').flatMap((id) => id.trim() || []))
    .pipe(z.array(Id).min(1).max(500))
    .optional(),
});
export type TableCardsQuery = z.infer<typeof TableCardsQuery>;

// ---------------------------------------------------------------- staff

export const StaffAccount = z
  .object({
    id: Id,
    name: Name,
    email: z.string(),
    role: StaffRole,
    active: z.boolean(),
    stationId: Id.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'StaffAccount' });
export type StaffAccount = z.infer<typeof StaffAccount>;
export const CreateStaffRequest = z.strictObject({
  name: Name,
  email: Email,
  password: Password,
  role: StaffRole,
  stationId: Id.nullable().optional(),
});
export type CreateStaffRequest = z.infer<typeof CreateStaffRequest>;
export const UpdateStaffRequest = z.strictObject({
  name: Name.optional(),
  role: StaffRole.optional(),
  active: z.boolean().optional(),
  password: Password.optional(),
  stationId: Id.nullable().optional(),
});
export type UpdateStaffRequest = z.infer<typeof UpdateStaffRequest>;
export const StaffAccountResponse = z.object({ staff: StaffAccount });
export const StaffAccountListResponse = z.object({ staff: z.array(StaffAccount) });
