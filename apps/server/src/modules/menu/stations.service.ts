import { CreateStationRequest, STATION_THRESHOLDS, type Station, UpdateStationRequest } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { isForeignKeyViolation } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { findRestaurant } from '../restaurants/restaurants.repository.ts';
import { changedFields } from './menu.audit.ts';
import { toStation } from './menu.presenters.ts';
import { withUniqueName } from './menu.names.ts';
import { inMenuTransaction } from './menu.transaction.ts';
import {
  countStationUsage,
  deleteStationRow,
  findStationRow,
  insertStationRow,
  listStationRows,
  nextStationPosition,
  type StationThresholds,
  updateStationRow,
} from './stations.repository.ts';

export type CreateStationInput = z.input<typeof CreateStationRequest>;
export type UpdateStationInput = z.input<typeof UpdateStationRequest>;

export async function listStations(db: Kysely<Database>, restaurantId: string): Promise<Station[]> {
  return (await listStationRows(db, restaurantId)).map(toStation);
}

export async function getStation(db: Kysely<Database>, restaurantId: string, id: string): Promise<Station> {
  const row = await findStationRow(db, restaurantId, id);
  if (!row) throw notFound('Station');
  return toStation(row);
}

/**
 * A ticket must turn WARNING before it turns LATE: 400 naming the field the
 * request gave (the thresholds are checked as they will be stored, so a
 * change of one is weighed against the other's current value).
 */
function requireWarnBeforeLate(t: StationThresholds, given: { warnMinutes?: number | undefined }): void {
  if (t.warnMinutes < t.lateMinutes) return;
  const path = given.warnMinutes !== undefined ? 'body.warnMinutes' : 'body.lateMinutes';
  const message = `warnMinutes (${t.warnMinutes}) must be less than lateMinutes (${t.lateMinutes})`;
  throw new AppError('VALIDATION_FAILED', `${path}: ${message}`, { errors: [{ path, message }] });
}

/** Creates a kitchen station (Kitchen, Grill, Bar…); without a position it goes last. 409 on a duplicate name. */
export async function createStation(
  db: Kysely<Database>,
  restaurantId: string,
  input: CreateStationInput,
  actor: AuditActor,
): Promise<Station> {
  const data = CreateStationRequest.parse(input);
  const thresholds = {
    warnMinutes: data.warnMinutes ?? STATION_THRESHOLDS.warnMinutes,
    lateMinutes: data.lateMinutes ?? STATION_THRESHOLDS.lateMinutes,
  };
  requireWarnBeforeLate(thresholds, data);
  const id = newId();
  return withUniqueName('station', data.name, () =>
    inMenuTransaction(db, async (tx) => {
      const position = data.position ?? (await nextStationPosition(tx, restaurantId));
      await insertStationRow(tx, { id, restaurantId, name: data.name, position, ...thresholds });
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'menu.station.created',
        entityType: 'station',
        entityId: id,
        data: { name: data.name },
      });
      return getStation(tx, restaurantId, id);
    }),
  );
}

export async function updateStation(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  input: UpdateStationInput,
  actor: AuditActor,
): Promise<Station> {
  const data = UpdateStationRequest.parse(input);
  return withUniqueName('station', data.name, () =>
    inMenuTransaction(db, async (tx) => {
      const before = await getStation(tx, restaurantId, id);
      requireWarnBeforeLate(
        { warnMinutes: data.warnMinutes ?? before.warnMinutes, lateMinutes: data.lateMinutes ?? before.lateMinutes },
        data,
      );
      await updateStationRow(tx, restaurantId, id, data);
      const changes = changedFields(before, data);
      if (changes) {
        await recordAudit(tx, {
          restaurantId,
          actor,
          action: 'menu.station.updated',
          entityType: 'station',
          entityId: id,
          data: { ...changes },
        });
      }
      return getStation(tx, restaurantId, id);
    }),
  );
}

/**
 * Refuses (409) while menu items or staff still point at the station, naming
 * how many, or while it is the restaurant's default station.
 */
export async function deleteStation(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  actor: AuditActor,
): Promise<void> {
  try {
    await inMenuTransaction(db, async (tx) => {
      const station = await getStation(tx, restaurantId, id);
      if ((await findRestaurant(tx, restaurantId))?.defaultStationId === id) {
        throw new AppError(
          'CONFLICT',
          `Station "${station.name}" is the restaurant's default station; choose another default in the settings first`,
        );
      }
      const usage = await countStationUsage(tx, restaurantId, id);
      if (usage.items > 0 || usage.staff > 0) {
        const uses = [
          usage.items > 0 && `${usage.items} menu item${usage.items === 1 ? '' : 's'}`,
          usage.staff > 0 && `${usage.staff} staff account${usage.staff === 1 ? '' : 's'}`,
        ].filter(Boolean);
        throw new AppError(
          'CONFLICT',
          `Station "${station.name}" is still used by ${uses.join(' and ')}; move them to another station first`,
        );
      }
      await deleteStationRow(tx, restaurantId, id);
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'menu.station.deleted',
        entityType: 'station',
        entityId: id,
        data: { name: station.name },
      });
    });
  } catch (err) {
    // Something started using the station between the check and the delete.
    if (isForeignKeyViolation(err)) throw new AppError('CONFLICT', 'The station is still in use');
    throw err;
  }
}
