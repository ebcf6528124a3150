import type { Db } from '../index';
import { DEFAULT_OFFICE_ZONE, isOfficeZone, todayIn, type Clock, type OfficeZone } from '../../domain/office-clock';
import { systemClock } from '../../config/clock';

/** The zone of the office a person works in: their instansi's, else their Kanreg's, else BKN's (WIB). */
export async function zoneOf(db: Db, who: { instansiId?: string | null; kanregId?: string | null }): Promise<OfficeZone> {
  if (who.instansiId) {
    const row = await db.selectFrom('instansi').select('zona_waktu').where('id', '=', who.instansiId).executeTakeFirst();
    if (isOfficeZone(row?.zona_waktu)) return row.zona_waktu;
  }
  if (who.kanregId) {
    const row = await db.selectFrom('kanreg').select('zona_waktu').where('id', '=', who.kanregId).executeTakeFirst();
    if (isOfficeZone(row?.zona_waktu)) return row.zona_waktu;
  }
  return DEFAULT_OFFICE_ZONE;
}

/** zoneOf with a cache, for work over many usulan of a few offices (starting a collective's workflows). */
export function zoneLookup(db: Db): (who: { instansiId?: string | null; kanregId?: string | null }) => Promise<OfficeZone> {
  const cache = new Map<string, Promise<OfficeZone>>();
  return (who) => {
    const key = `${who.instansiId ?? ''}|${who.kanregId ?? ''}`;
    let zone = cache.get(key);
    if (!zone) {
      zone = zoneOf(db, who);
      cache.set(key, zone);
    }
    return zone;
  };
}

/** Today in the person's own office: open periods, windows, eligibility dates and delegations in force read it. */
export async function officeTodayOf(db: Db, who: { instansiId?: string | null; kanregId?: string | null }, clock: Clock = systemClock): Promise<string> {
  return todayIn(await zoneOf(db, who), clock.now());
}
