/**
 * Deterministic, fast pseudo-random numbers for the demo log generator.
 * xorshift32 (Marsaglia) seeded through a splitmix-style scrambler so that
 * nearby seeds give unrelated streams. Never uses Math.random.
 */
export class Rng {
  private s: number;

  constructor(seed: number) {
    // splitmix32-ish scramble; state must be non-zero for xorshift
    let z = (seed | 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    this.s = z === 0 ? 0x6d2b79f5 : z;
  }

  /** uniform uint32 */
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x;
    return x >>> 0;
  }

  /** uniform float in [0, 1) */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** uniform integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** uniform integer in [lo, hi] */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.float() * arr.length)]!;
  }

  /** exponential with the given mean */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** log-normal with the given median and sigma */
  logNormal(median: number, sigma: number): number {
    // Box-Muller
    const u = 1 - this.float();
    const v = this.float();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  hex(len: number): string {
    let out = "";
    while (out.length < len) out += this.u32().toString(16).padStart(8, "0");
    return out.slice(0, len);
  }

  /** derive an independent generator */
  fork(salt: number): Rng {
    return new Rng((this.u32() ^ Math.imul(salt + 1, 0x27d4eb2d)) | 0);
  }
}

/** 32-bit FNV-1a of a string; used to derive stable sub-seeds from names. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const URN_BITS = 16;
export const URN_SIZE = 1 << URN_BITS;

/**
 * A 65,536-slot "urn" for O(1) weighted sampling: slot i holds the index of the
 * item covering quantile (i + 0.5) / 65536 of the cumulative weights. Sample
 * with `urn[rng.u32() >>> 16]`. Items lighter than 1/65536 may get no slot;
 * use explicit scheduling for anything rarer than that.
 */
export function buildUrn(weights: readonly number[]): Uint16Array | Uint32Array {
  if (weights.length === 0) throw new Error("buildUrn: no weights");
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (!(total > 0)) throw new Error("buildUrn: weights sum to zero");
  const urn = weights.length <= 65536 ? new Uint16Array(URN_SIZE) : new Uint32Array(URN_SIZE);
  let item = 0;
  let cum = Math.max(0, weights[0]!) / total;
  for (let i = 0; i < URN_SIZE; i++) {
    const q = (i + 0.5) / URN_SIZE;
    while (q > cum && item < weights.length - 1) {
      item++;
      cum += Math.max(0, weights[item]!) / total;
    }
    urn[i] = item;
  }
  return urn;
}

/** Split `total` into integer parts proportional to `weights` (largest remainder; exact sum). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const out = new Array<number>(weights.length).fill(0);
  if (total <= 0 || !(sum > 0)) return out;
  const rema: Array<[number, number]> = [];
  let used = 0;
  for (let i = 0; i < weights.length; i++) {
    const exact = (total * Math.max(0, weights[i]!)) / sum;
    const f = Math.floor(exact);
    out[i] = f;
    used += f;
    rema.push([exact - f, i]);
  }
  rema.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < total - used; k++) {
    const idx = rema[k % rema.length]![1];
    out[idx] = out[idx]! + 1;
  }
  return out;
}
