import type { IsoDate } from './dates';

/**
 * Indonesia's three zones: an office's date is its own local date (a decree is dated on the day its signer signs, in the
 * signing office's zone; submission windows close at the end of the 15th in the instansi's zone). UTC only for instants.
 * The zones have had no daylight saving since 1988, so a fixed offset is exact and needs no time-zone database, which
 * keeps this module pure enough for workflow code.
 */
export const OFFICE_ZONES = Object.freeze({
  'Asia/Jakarta': { label: 'WIB', offsetMinutes: 7 * 60 },
  'Asia/Makassar': { label: 'WITA', offsetMinutes: 8 * 60 },
  'Asia/Jayapura': { label: 'WIT', offsetMinutes: 9 * 60 },
} as const);

export type OfficeZone = keyof typeof OFFICE_ZONES;

export const DEFAULT_OFFICE_ZONE: OfficeZone = 'Asia/Jakarta';

export function isOfficeZone(z: unknown): z is OfficeZone {
  return typeof z === 'string' && Object.prototype.hasOwnProperty.call(OFFICE_ZONES, z);
}

/** A zone read from a row or a request, WIB when absent or unknown. */
export function asOfficeZone(z: unknown): OfficeZone {
  return isOfficeZone(z) ? z : DEFAULT_OFFICE_ZONE;
}

/** The calendar date in `zone` at the instant `now` (epoch milliseconds or a Date). */
export function todayIn(zone: OfficeZone, now: number | Date): IsoDate {
  const z = OFFICE_ZONES[zone];
  if (!z) throw new RangeError(`unknown office time zone: ${String(zone)}`);
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('not an instant');
  return new Date(ms + z.offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The year of the office's date: the year in a decree number and its numbering scope. */
export function yearIn(zone: OfficeZone, now: number | Date): number {
  return Number(todayIn(zone, now).slice(0, 4));
}

/** The instant at which the local day `date` (00:00 in `zone`) begins. */
export function startOfDayIn(zone: OfficeZone, date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) - OFFICE_ZONES[zone].offsetMinutes * 60_000;
}

/** One injected clock: everything that needs "now" asks it, so tests can stand at 06:59 WIB. */
export interface Clock {
  now(): number;
}

/** A clock fixed at an instant, or moved by the test. */
export function fixedClock(at: number | Date | string): Clock & { set(to: number | Date | string): void } {
  let t = typeof at === 'number' ? at : new Date(at).getTime();
  return { now: () => t, set(to) { t = typeof to === 'number' ? to : new Date(to).getTime(); } };
}
