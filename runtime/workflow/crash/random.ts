/**
 * A seeded random number generator (mulberry32): the crash runs draw every choice
 * (which fault, when to kill) from one, so a failing run can be run again from its
 * printed seed. The timing of real processes still varies, so a rerun takes the
 * same decisions, not always at the same instructions.
 *
 * @module
 */

/**
 * A function answering numbers in [0, 1), the same sequence for the same seed.
 *
 * @example
 * ```ts
 * const random = seeded(42);
 * random(); // the same number on every machine
 * ```
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed, for a run that was not given one. */
export function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
