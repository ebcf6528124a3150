/**
 * One instansi's calls to SIASN, one at a time and spaced (SIASN.md §7.2: no documented rate limit; working clients
 * wait 2–4 s between per-NIP calls). Per process: several worker processes each keep their own spacing.
 */
export class Throttle {
  private last = -Infinity;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly minIntervalMs: number, private readonly now: () => number = Date.now) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(async () => {
      const wait = this.last + this.minIntervalMs - this.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.last = this.now();
      return fn();
    });
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** A throttle per key (the instansi), made on first use. */
export class Throttles {
  private readonly byKey = new Map<string, Throttle>();
  constructor(readonly minIntervalMs: number) {}
  of(key: string): Throttle {
    let t = this.byKey.get(key);
    if (!t) this.byKey.set(key, (t = new Throttle(this.minIntervalMs)));
    return t;
  }
}
