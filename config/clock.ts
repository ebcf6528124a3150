import type { Clock } from '../domain/office-clock';

/** The wall clock: the one place outside tests that reads the time for office dates (domain/ never reads it). */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
