/**
 * The time every handler reads. In AWS it is the system clock. The local stack installs its own
 * clock (infra/local/clock.ts) so that tests and demos can move time forward and take a dossier
 * past its deadline in seconds; handlers never know which clock they have.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

const systemClock: Clock = { now: () => Date.now() };
let current: Clock = systemClock;

export function setClock(clock: Clock | undefined): void {
  current = clock ?? systemClock;
}

export function now(): Date {
  return new Date(current.now());
}

export function nowMs(): number {
  return current.now();
}
