/**
 * A small seeded pseudo-random generator for the demo data: sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator from PractRand), seeded through splitmix32 from a 32-bit FNV-1a
 * hash of a key. Not for anything secret: it only has to give the same demo for the same seed on
 * every machine, which Math.random cannot.
 */
export interface Random {
  /** The next unsigned 32-bit integer. */
  uint32(): number;
  /** A float in [0, 1). */
  float(): number;
  /** An integer from min to max, both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list, uniformly. */
  pick<T>(list: readonly T[]): T;
  /** One element of a non-empty list, the first ones more often (a rough Zipf-like skew). */
  pickSkewed<T>(list: readonly T[], skew?: number): T;
  /** A normally distributed number (Box-Muller). */
  normal(mean: number, sd: number): number;
  /** A new list with the elements in random order (Fisher-Yates). */
  shuffled<T>(list: readonly T[]): T[];
}

/** The 32-bit FNV-1a hash of a text: how a key such as `7|ohp|practice|3` becomes a seed. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32: spreads one 32-bit seed over the four words of sfc32's state. */
function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A generator seeded by a key of parts, e.g. `createRandom(seed, form, 'practice', 3)`: the same
 * key always gives the same sequence, and different keys give independent ones, so each practice
 * can be generated on its own, in any order.
 */
export function createRandom(...key: readonly (string | number)[]): Random {
  const mix = splitmix32(fnv1a32(key.join('|')));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a freshly seeded sfc32 are still close to its seed: discard them.
  for (let i = 0; i < 12; i++) uint32();
  const float = (): number => uint32() / 4_294_967_296;
  const int = (min: number, max: number): number => min + Math.floor(float() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(float() * list.length)] as T;
  };
  let spare: number | null = null;
  return {
    uint32,
    float,
    int,
    chance: (p) => float() < p,
    pick,
    pickSkewed: <T>(list: readonly T[], skew = 1.7): T => {
      if (list.length === 0) throw new Error('pick from an empty list');
      return list[Math.floor(float() ** skew * list.length)] as T;
    },
    normal(mean, sd) {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return mean + sd * z;
      }
      // 1 - float() is in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - float()));
      const angle = 2 * Math.PI * float();
      spare = radius * Math.sin(angle);
      return mean + sd * radius * Math.cos(angle);
    },
    shuffled<T>(list: readonly T[]): T[] {
      const copy = [...list];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(float() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}
