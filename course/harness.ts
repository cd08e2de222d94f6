/**
 * What runs first inside every test run the engine starts. A generated entry module
 * (see `entry.ts`) first imports a module that calls {@linkcode startHarness}, then
 * the run's test files. So all of a run's tests share one module graph and one worker
 * (Deno starts a fresh worker per test module, a quarter second each), and:
 *
 * - the run's clock starts here, after type-checking: the first line printed is
 *   {@linkcode START_MARKER}, which the engine waits for before timing the run;
 * - `Deno.exit` (and Node's `process.exit`, which calls it, and `close()`) throws
 *   instead of ending the run quietly with a success;
 * - per-test time limits follow the engine's policy, not the machine's speed;
 * - each test's file is printed as it registers ({@linkcode REGISTERED_MARKER}).
 *
 * This module runs with the learner's code and only the lesson's permissions: it
 * imports nothing and reads nothing.
 *
 * @module
 */

/** The line a run prints once type-checking is over and its tests begin to load. */
export const START_MARKER = "BOUNCE-RUN-STARTED";

/**
 * The start of the line the harness prints for each test it registers, followed by
 * JSON `[file URL, name]`. Deno would name the harness as every test's file, since
 * the harness is what calls the real `Deno.test`.
 */
export const REGISTERED_MARKER = "BOUNCE-TEST ";

/** Thrown by `Deno.exit` inside a run: code under test may not end the run. */
export class ExitCalledError extends Error {
  /** @param code the exit code the code asked for. */
  constructor(readonly code: number | undefined) {
    super(
      `your code called Deno.exit(${
        code ?? ""
      }): code under test may not end the test run`,
    );
    this.name = "ExitCalledError";
  }
}

/** How per-test time limits (`Deno.test`'s `timeout`) are applied in a run. */
export interface HarnessOptions {
  /**
   * The limit, in ms, for every test that asks for one; `undefined` drops them, so
   * only the whole run's limit applies (the course's own check, where a limit that a
   * loaded machine can trip would make the check flaky).
   */
  readonly perTestTimeoutMs?: number;
  /**
   * Print the start marker and each registration, for the engine to read (the
   * default); a teacher's plain `deno test -P` has no use for them.
   */
  readonly announce?: boolean;
}

/** What the harness saw of a run's tests. */
export interface Registry {
  /** Every test registered, by name. */
  readonly registered: Set<string>;
  /** Every test whose body ran to its end, passing or failing, by name. */
  readonly finished: Set<string>;
  /** The real `Deno.test`, for a test that must not be wrapped. */
  readonly register: typeof Deno.test;
}

/** Start the run: print the marker, guard `Deno.exit`, wrap `Deno.test`. */
export function startHarness(options: HarnessOptions): Registry {
  const announce = options.announce ?? true;
  if (announce) console.log(START_MARKER);
  Object.defineProperty(Deno, "exit", {
    value: (code?: number): never => {
      throw new ExitCalledError(code);
    },
    configurable: true,
    writable: true,
  });
  // The window's close() ends the process the same way.
  Object.defineProperty(globalThis, "close", {
    value: (): never => {
      throw new ExitCalledError(undefined);
    },
    configurable: true,
    writable: true,
  });
  const register = Deno.test;
  const registry: Registry = {
    registered: new Set(),
    finished: new Set(),
    register,
  };
  const wrapped = (...args: unknown[]): void => {
    const definition = definitionOf(args);
    const file = announce ? callerFile(new Error().stack ?? "") : "";
    if (announce) {
      console.log(REGISTERED_MARKER + JSON.stringify([file, definition.name]));
    }
    registry.registered.add(definition.name);
    const fn = definition.fn;
    register(withTimeLimit({
      ...definition,
      fn: async (t) => {
        try {
          await fn(t);
        } finally {
          registry.finished.add(definition.name);
        }
      },
    }, options.perTestTimeoutMs));
  };
  Object.assign(wrapped, { ignore: register.ignore, only: register.only });
  Object.defineProperty(Deno, "test", {
    value: wrapped,
    configurable: true,
    writable: true,
  });
  return registry;
}

/**
 * Register, last, a test that fails unless every name in `expected` was registered
 * and ran to its end: a test that was never registered, or whose run was cut short,
 * is then a failure of the whole run, whatever else passed.
 */
export function registerAllRanTest(
  registry: Registry,
  expected: readonly string[],
): void {
  registry.register({
    name: "every test the lessons have ran",
    fn: () => {
      const missing = expected.filter((name) => !registry.finished.has(name));
      if (missing.length > 0) {
        throw new Error(
          `${missing.length} of the lessons' ${expected.length} tests did not run:\n` +
            missing.slice(0, 10).map((name) => `  ${name}`).join("\n"),
        );
      }
    },
  });
}

type TestFn = Deno.TestDefinition["fn"];

/** The file of the first stack frame outside this module: who called `Deno.test`. */
function callerFile(stack: string): string {
  const here = import.meta.url;
  for (const match of stack.matchAll(/(file:\/\/[^\s)]+?):\d+:\d+/g)) {
    if (match[1] !== here) return match[1];
  }
  return "";
}

/** `Deno.test`'s overloads, brought to the one-object form. */
export function definitionOf(args: readonly unknown[]): Deno.TestDefinition {
  const [first, second, third] = args;
  if (typeof first === "string") {
    if (typeof second === "function") {
      return { name: first, fn: second as TestFn };
    }
    return {
      ...(second as Omit<Deno.TestDefinition, "name" | "fn">),
      name: first,
      fn: third as TestFn,
    };
  }
  if (typeof first === "function") {
    return { name: first.name, fn: first as TestFn };
  }
  const options = first as Partial<Deno.TestDefinition>;
  const fn = typeof second === "function" ? second as TestFn : options.fn;
  return {
    ...options,
    name: options.name ?? fn?.name ?? "",
    fn: fn as TestFn,
  };
}

/**
 * `definition` under the run's policy: a test that asks for a time limit gets
 * `limitMs` instead, or none when `limitMs` is undefined; a test that asks for none
 * keeps none.
 */
export function withTimeLimit(
  definition: Deno.TestDefinition,
  limitMs: number | undefined,
): Deno.TestDefinition {
  if (definition.timeout === undefined) return definition;
  const { timeout: _, ...rest } = definition;
  return limitMs === undefined ? rest : { ...rest, timeout: limitMs };
}
