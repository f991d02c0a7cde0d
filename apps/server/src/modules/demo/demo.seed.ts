import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { AuditActor } from '../audit/audit.repository.ts';
import { hashPassword } from '../staff/passwords.ts';
import { createCategory } from '../menu/categories.service.ts';
import { updateItemRow } from '../menu/items.repository.ts';
import { createItem } from '../menu/items.service.ts';
import { createModifierGroup, createModifierOption } from '../menu/modifiers.service.ts';
import { mediaRoot } from '../menu/photos.storage.ts';
import { createStation } from '../menu/stations.service.ts';
import { createRestaurant, updateSettings } from '../restaurants/restaurants.service.ts';
import { insertStaff } from '../staff/staff.repository.ts';
import { createTable } from '../tables/tables.service.ts';
import { DEMO } from './demo.data.ts';
import { demoPhotoSvg } from './demo.photos.ts';

const SEED_ACTOR: AuditActor = { type: 'SYSTEM', label: 'demo seed' };

/**
 * Seeds the demo restaurant when the database has no restaurant at all, so a
 * fresh `npm start` is ready to try and an existing installation is never
 * touched. Never in production: its password is public.
 */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<boolean> {
  if (ctx.config.env === 'production') return false;
  const any = await ctx.db.selectFrom('restaurants').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await seedDemo(ctx);
  return true;
}

/** Builds the demo through the same services the admin API uses, so it obeys every rule they keep. */
export async function seedDemo(ctx: AppContext): Promise<string> {
  const admin = DEMO.staff.find((s) => s.role === 'ADMIN')!;
  const { restaurant } = await createRestaurant(ctx.db, {
    slug: DEMO.slug,
    name: DEMO.name,
    currency: DEMO.currency,
    locale: DEMO.locale,
    timezone: DEMO.timezone,
    admin: { name: admin.name, email: admin.email, password: DEMO.password },
  });
  const rid = restaurant.id;
  const passwordHash = await hashPassword(DEMO.password);
  for (const s of DEMO.staff.filter((x) => x.role !== 'ADMIN')) {
    // The demo chef is tied to no station, so the kitchen screen shows every station.
    await insertStaff(ctx.db, {
      id: newId(),
      restaurantId: rid,
      name: s.name,
      email: s.email,
      role: s.role,
      passwordHash,
      stationId: null,
    });
  }

  const stationIds = new Map<string, string>();
  for (const name of DEMO.stations) stationIds.set(name, (await createStation(ctx.db, rid, { name }, SEED_ACTOR)).id);
  await updateSettings(
    ctx,
    rid,
    { defaultStationId: stationIds.get(DEMO.defaultStation)!, languages: DEMO.languages },
    SEED_ACTOR,
  );

  const photoDir = join(mediaRoot(ctx.config.dataDir), rid);
  await mkdir(photoDir, { recursive: true });
  for (const category of DEMO.categories) {
    const { id: categoryId } = await createCategory(
      ctx.db,
      rid,
      { name: category.name, translations: category.translations ?? {} },
      SEED_ACTOR,
    );
    for (const item of category.items) {
      const created = await createItem(
        ctx.db,
        rid,
        {
          categoryId,
          // The default station's items follow it (stationId null), as an admin would leave them.
          stationId: item.station === DEMO.defaultStation ? null : stationIds.get(item.station)!,
          name: item.name,
          description: item.description,
          priceCents: item.priceCents,
          allergens: item.allergens,
          tags: item.tags,
          translations: item.translations ?? {},
        },
        SEED_ACTOR,
      );
      for (const group of item.groups ?? []) {
        const g = await createModifierGroup(
          ctx.db,
          rid,
          created.id,
          { name: group.name, minSelections: group.min, maxSelections: group.max },
          SEED_ACTOR,
        );
        for (const [name, priceDeltaCents] of group.options) {
          await createModifierOption(ctx.db, rid, g.id, { name, priceDeltaCents }, SEED_ACTOR);
        }
      }
      const file = `${created.id}.svg`;
      await writeFile(join(photoDir, file), demoPhotoSvg(item.name, category.palette));
      await updateItemRow(ctx.db, rid, created.id, { imagePath: `${rid}/${file}` });
    }
  }

  for (const table of DEMO.tables) await createTable(ctx, rid, SEED_ACTOR, table);
  return rid;
}
