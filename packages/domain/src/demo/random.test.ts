import { describe, expect, it } from 'vitest';
import { createRandom, fnv1a32 } from './random.js';

describe('createRandom', () => {
  it('gives the same sequence for the same key and another for another key', () => {
    const take = (...key: (string | number)[]) => {
      const random = createRandom(...key);
      return Array.from({ length: 5 }, () => random.uint32());
    };
    expect(take(1, 'ohp', 3)).toEqual(take(1, 'ohp', 3));
    expect(take(1, 'ohp', 3)).not.toEqual(take(1, 'ohp', 4));
    expect(take(1, 'ohp', 3)).not.toEqual(take(2, 'ohp', 3));
  });

  it('spreads floats evenly over [0, 1) and integers over their range', () => {
    const random = createRandom('spread');
    const buckets = new Array<number>(10).fill(0);
    const dice = new Set<number>();
    let low = 1;
    let high = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random.float();
      low = Math.min(low, u);
      high = Math.max(high, u);
      const b = Math.floor(u * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
      dice.add(random.int(1, 6));
    }
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
    expect([...dice].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('draws normal numbers with the asked mean and spread', () => {
    const random = createRandom('normal');
    const xs = Array.from({ length: 50_000 }, () => random.normal(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('shuffles without losing or adding anything', () => {
    const list = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRandom('shuffle').shuffled(list);
    expect(shuffled).not.toEqual(list);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(list);
  });
});

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});
