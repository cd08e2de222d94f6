/**
 * Fault injection for the crash tests: at the points where a crash is most likely to
 * break a promise (after a step's effect and before its record; half-way through a
 * commit), a worker started with `BOUNCE_WORKFLOW_FAULTS` kills itself with SIGKILL,
 * at random, as often as asked. A real kill of a real process: nothing runs after it,
 * no `finally`, no flush, as when a machine loses power (except the OS's cache).
 *
 * @module
 */

/** Where a worker can be made to crash. */
export type FaultPoint =
  /** A step is about to run its effect. */
  | "before-step"
  /** A step's effect has happened; its record is not committed yet. */
  | "after-effect"
  /** Inside a commit's transaction, after its writes, before `COMMIT`. */
  | "mid-commit"
  /** Just after a commit. */
  | "after-commit";

const POINTS: readonly FaultPoint[] = [
  "before-step",
  "after-effect",
  "mid-commit",
  "after-commit",
];

/** The points a worker crashes at, and how likely each is. */
export class Faults {
  readonly #odds: ReadonlyMap<FaultPoint, number>;
  readonly #random: () => number;
  readonly #crash: (point: FaultPoint) => void;

  /**
   * @param odds the chance of a crash at each point, from 0 to 1.
   * @param random where chance comes from.
   * @param crash what a crash is: SIGKILL to this process, unless given.
   */
  constructor(
    odds: ReadonlyMap<FaultPoint, number> = new Map(),
    random: () => number = Math.random,
    crash: (point: FaultPoint) => void = killSelf,
  ) {
    this.#odds = odds;
    this.#random = random;
    this.#crash = crash;
  }

  /**
   * Read `BOUNCE_WORKFLOW_FAULTS`-style text: `after-effect=0.1,mid-commit=0.05`.
   * Throws a `RangeError` naming what it does not understand. `random` and `crash`
   * are as for the constructor: a seeded chance makes a crash run repeatable.
   *
   * @example
   * ```ts
   * const faults = Faults.parse("mid-commit=0.5");
   * faults.at("mid-commit"); // a coin toss: go on, or die
   * ```
   */
  static parse(
    spec: string,
    random: () => number = Math.random,
    crash: (point: FaultPoint) => void = killSelf,
  ): Faults {
    const odds = new Map<FaultPoint, number>();
    for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
      const [name, chance] = part.split("=");
      const point = POINTS.find((p) => p === name);
      const p = Number(chance);
      if (point === undefined || !(p >= 0 && p <= 1)) {
        throw new RangeError(
          `"${part}" is not a fault: write POINT=CHANCE, POINT one of ${
            POINTS.join(", ")
          }, CHANCE from 0 to 1`,
        );
      }
      odds.set(point, p);
    }
    return new Faults(odds, random, crash);
  }

  /** Maybe crash here. */
  at(point: FaultPoint): void {
    const chance = this.#odds.get(point) ?? 0;
    if (chance > 0 && this.#random() < chance) this.#crash(point);
  }
}

function killSelf(): void {
  Deno.kill(Deno.pid, "SIGKILL");
}

/**
 * A kill, as an in-process test stages one: thrown by a test's `crash`, it goes
 * through the engine untouched (a workflow cannot catch it as a failure), as nothing
 * would run after a real SIGKILL. The store's transaction rolls back, as SQLite's
 * journal would after a real one.
 */
export class SimulatedCrash extends Error {
  /** @param point where the process "died". */
  constructor(point: FaultPoint) {
    super(`simulated crash at ${point}`);
    this.name = "SimulatedCrash";
  }
}
