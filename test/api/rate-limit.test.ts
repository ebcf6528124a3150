import { SlidingWindowLimiter } from '../../api/rate-limit';

describe('SlidingWindowLimiter', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('allows max events per window and tells how long to wait after that', () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ max: 3, windowMs: 1000 }, c.now);
    expect([1, 2, 3].map(() => l.hit('k').allowed)).toEqual([true, true, true]);
    const refused = l.hit('k');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    c.advance(refused.retryAfterMs);
    expect(l.hit('k').allowed).toBe(true);
  });

  it('keys are independent, and reset forgets one', () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ max: 1, windowMs: 1000 }, c.now);
    expect(l.hit('a').allowed).toBe(true);
    expect(l.hit('b').allowed).toBe(true);
    expect(l.hit('a').allowed).toBe(false);
    l.reset('a');
    expect(l.hit('a').allowed).toBe(true);
  });

  it('has no burst at the window boundary: the previous window still counts, fading out', () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ max: 10, windowMs: 1000 }, c.now);
    c.advance(1000 - (c.now() % 1000) - 10); // 10 ms before a boundary
    for (let i = 0; i < 10; i++) expect(l.hit('k').allowed).toBe(true);
    c.advance(20); // just past it: a fixed window would allow 10 more at once
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (l.hit('k').allowed) allowed++;
    expect(allowed).toBeLessThanOrEqual(1);
    c.advance(500);
    expect(l.check('k').allowed).toBe(true);
  });

  it('check() does not count', () => {
    const l = new SlidingWindowLimiter({ max: 1, windowMs: 1000 });
    expect(l.check('k').allowed).toBe(true);
    expect(l.check('k').allowed).toBe(true);
    expect(l.hit('k').allowed).toBe(true);
    expect(l.check('k').allowed).toBe(false);
  });
});
