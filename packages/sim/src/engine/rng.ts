/**
 * Seeded pseudo-random generator (sfc32 seeded through splitmix32).
 *
 * Why sfc32: 128 bits of state that fit in four uint32 words, passes PractRand to
 * large sizes, and is a handful of 32-bit integer operations per draw, so it stays
 * fast in V8 without BigInt. Its whole state is exported and restored by
 * `snapshot()` / `restore()`, which is what makes checkpoint-and-resume runs
 * bit-identical to uninterrupted ones.
 */
export type RngState = readonly [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    let s = typeof seed === "number" ? seed >>> 0 : hashSeed(seed);
    const next = () => {
      // splitmix32: spreads a small seed over the four state words.
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Uniform integer in [0, 2^32). */
  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n) for n <= 2^32, without modulo bias. */
  int(n: number): number {
    if (n <= 0) throw new RangeError(`Rng.int: n must be positive, got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Exponentially distributed sample with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  snapshot(): RngState {
    return [this.a, this.b, this.c, this.d];
  }

  restore(state: RngState): void {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** An independent stream derived from this one (for per-component generators). */
  fork(label: string): Rng {
    return new Rng((this.nextU32() ^ hashSeed(label)) >>> 0);
  }
}

/** FNV-1a over the UTF-16 code units of a string seed. */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
