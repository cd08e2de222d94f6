/**
 * Runs the Promises/A+ compliance suite (`promises-aplus-tests`, 872 tests) on a
 * promise implementation, inside a Deno test. The suite is written for Mocha, so this
 * builds a Mocha of its own with a reporter that collects results instead of printing,
 * and loads the suite's files into it (the package's own runner would list its folder
 * on disk, which would need read permission). Mocha reads a few environment variables
 * as it loads: `COV`, `DEBUG`, `DEBUG_FD` and `MOCHA_COLORS`.
 *
 * @module
 */

import Mocha from "mocha";
import promisesAplusTests from "promises-aplus-tests";

/** What the suite needs of a promise implementation: a way to make a pending one. */
export interface AplusAdapter {
  /** A pending promise and the two functions that settle it. */
  deferred(): {
    promise: unknown;
    resolve(value: unknown): void;
    reject(reason: unknown): void;
  };
}

/** One failed test of the suite. */
export interface AplusFailure {
  /** The test's full title, e.g. "2.2.2.1: it must be called after …". */
  readonly title: string;
  /** Why it failed. */
  readonly message: string;
}

/** The results of one section of the specification, e.g. "2.3.3". */
export interface AplusSection {
  /** The section number. */
  readonly section: string;
  /** How many of its tests passed. */
  readonly passed: number;
  /** The ones that failed. */
  readonly failures: readonly AplusFailure[];
}

/** The parts of Mocha's runner and tests this module uses. */
interface MochaTest {
  fullTitle(): string;
}
interface MochaRunner {
  on(event: "pass", listener: (test: MochaTest) => void): void;
  on(
    event: "fail",
    listener: (test: MochaTest, error: { message?: string }) => void,
  ): void;
}

/**
 * Run the suite on `adapter` and resolve with its results by section. `quick` leaves
 * out the "eventually" cases (those settle their promise after a 50 ms timer), about
 * a fifth of the tests and three quarters of the time, and stops at the first failure.
 */
export async function runAplus(
  adapter: AplusAdapter,
  options: { readonly quick: boolean },
): Promise<AplusSection[]> {
  const sections = new Map<
    string,
    { passed: number; failures: AplusFailure[] }
  >();
  const section = (test: MochaTest) => {
    const name = test.fullTitle().match(/^\d+(\.\d+)+/)?.[0] ?? "other";
    let entry = sections.get(name);
    if (entry === undefined) {
      entry = { passed: 0, failures: [] };
      sections.set(name, entry);
    }
    return entry;
  };
  function reporter(runner: MochaRunner): void {
    runner.on("pass", (test) => void section(test).passed++);
    runner.on("fail", (test, error) =>
      section(test).failures.push({
        title: test.fullTitle(),
        message: String(error?.message ?? error),
      }));
  }
  const mocha = new Mocha({
    reporter,
    // Each case needs a few tens of milliseconds; 2 s leaves room for a loaded
    // machine, where 200 ms was seen to fail a correct promise.
    timeout: 2_000,
    slow: Infinity,
    // Quick: stop at the first failure, so a promise whose callbacks never run
    // fails in one timeout rather than in hundreds of them.
    ...(options.quick ? { grep: /eventually/, invert: true, bail: true } : {}),
  });
  // Mocha's test files call the globals describe, it and specify: put them in place.
  mocha.suite.emit("pre-require", globalThis, "", mocha);
  promisesAplusTests.mocha(adapter);
  // The suite rejects promises on purpose. Where an adapter makes native promises, a
  // rejection with no handler yet would end the whole test run; the suite handles
  // each one later, so tell Deno not to report them while it runs.
  const quiet = (event: PromiseRejectionEvent) => event.preventDefault();
  addEventListener("unhandledrejection", quiet);
  try {
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } finally {
    removeEventListener("unhandledrejection", quiet);
  }
  return [...sections].map(([name, entry]) => ({ section: name, ...entry }));
}
