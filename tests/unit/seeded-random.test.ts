import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../infra/local/seeded-random.ts';

describe('seededRandom (mulberry32)', () => {
  it('replays the same sequence for a seed, another for another seed', () => {
    const take = (seed: number) => {
      const next = seededRandom(seed);
      return Array.from({ length: 5 }, () => next());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
  });

  it('spreads evenly over [0, 1)', () => {
    const next = seededRandom(20260302);
    const values = Array.from({ length: 20_000 }, () => next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const tenths = new Array(10).fill(0) as number[];
    for (const v of values) tenths[Math.floor(v * 10)]! += 1;
    for (const n of tenths) expect(n).toBeGreaterThan(1_800);
  });
});
