/**
 * Running a lesson's tests in a child `deno test`, bounded in time, and turning what
 * it reports into one {@linkcode TestRun}. The learner's code runs only in the child,
 * with only the permissions its lesson declares, and all of a run's test files load
 * through one generated entry module (see `entry.ts` and `harness.ts`).
 *
 * @module
 */

import { join, relative } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import {
  cleanDenoError,
  type LoadError,
  parseLoadErrors,
  parseRegistrations,
  parseTestOutputs,
  parseTypeErrors,
  passedTests,
  type TypeCheckError,
  unfinishedTest,
} from "./deno_output.ts";
import { writeEntry } from "./entry.ts";
import { REGISTERED_MARKER, START_MARKER } from "./harness.ts";
import { parseJUnit, type TestCase } from "./junit.ts";
import type { CoursePaths } from "./paths.ts";

/**
 * How long one run of a lesson's tests may take before it is stopped: 20 s, or
 * `BOUNCE_TIME_LIMIT` seconds if set (for a slow machine, or the engine's own tests).
 */
export const RUN_TIME_LIMIT_MS: number =
  (Number(Deno.env.get("BOUNCE_TIME_LIMIT")) || 20) * 1000;

/**
 * How long a run's type-check and module loading may take before the run is given up
 * on. Generous on purpose: it only bounds a hang of Deno itself, since learner code
 * does not run before the clock of {@linkcode RUN_TIME_LIMIT_MS} starts.
 */
export const STARTUP_LIMIT_MS = 300_000;

export { LEARNER_TEST_LIMIT_MS } from "./limits.ts";

/** What to run. */
export interface TestRequest {
  /** Test files, absolute; each is loaded by the run's entry module, in this order. */
  readonly files: readonly string[];
  /** Permission flags for the child, e.g. `--allow-net=127.0.0.1`. */
  readonly permissions: readonly string[];
  /** An import map to run with, or none for the learner's own code throughout. */
  readonly importMap?: string;
  /** A name for this run's files, unique among runs that may overlap. */
  readonly label: string;
  /**
   * Overrides {@linkcode RUN_TIME_LIMIT_MS}. The clock starts once type-checking is
   * over, when the run's tests begin to load.
   */
  readonly timeLimitMs?: number;
  /**
   * The limit for each test that asks for one; `undefined` drops per-test limits, so
   * only the run's limit applies (see `HarnessOptions.perTestTimeoutMs`).
   */
  readonly perTestTimeoutMs?: number;
  /** Arguments for the tests themselves, which they read as `Deno.args`. */
  readonly testArgs?: readonly string[];
  /**
   * How the code is type-checked: `inline`, by `deno test` before the tests run (the
   * default); `apart`, by a `deno check` alongside a `deno test --no-check`, which
   * answers sooner and reports type errors the same way; `none`, not at all (the
   * caller checks the same files otherwise, see {@linkcode checkTypes}).
   */
  readonly typeCheck?: "inline" | "apart" | "none";
  /** Stops the run when aborted (a run the learner interrupts says nothing). */
  readonly signal?: AbortSignal;
}

/** How a run ended. */
export type TestRun =
  | {
    /** The tests ran (some may have failed). */
    readonly kind: "tested";
    /** Every test that ran. */
    readonly cases: readonly TestCase[];
    /** Errors thrown outside any test (e.g. a promise rejected after its test ended). */
    readonly loadErrors: readonly LoadError[];
    /** What each test printed, by test name, for those that printed anything. */
    readonly outputs: Readonly<Record<string, string>>;
    /** Wall time from the start of the tests to the end of the run, in ms. */
    readonly elapsedMs: number;
  }
  | {
    /** Type-checking failed, so nothing ran. */
    readonly kind: "type-errors";
    /** The errors, in the order TypeScript gave them. */
    readonly errors: readonly TypeCheckError[];
  }
  | {
    /** The run went past its time limit and was stopped. */
    readonly kind: "timed-out";
    /** The limit. */
    readonly limitMs: number;
    /** The test that was running, if the output says. */
    readonly runningTest?: string;
    /** The tests that had passed before it was stopped. */
    readonly passedBefore: readonly string[];
  }
  | {
    /** Deno stopped before running anything, e.g. a module that does not exist. */
    readonly kind: "failed-to-start";
    /** What kind of problem it is, for advice that fits. */
    readonly cause: StartFailure;
    /** Deno's message. */
    readonly message: string;
  };

/**
 * Why tests could not start: a module the tests import is not there; a file does not
 * parse; the course's own reference is incomplete; or something else.
 */
export type StartFailure =
  | "missing-module"
  | "syntax-error"
  | "missing-reference"
  | "other";

/** The kind of a start failure, from Deno's message. */
export function startFailureOf(message: string): StartFailure {
  if (/Module not found|Cannot find module|No such file/i.test(message)) {
    return "missing-module";
  }
  if (
    /SyntaxError|could not be parsed|Unexpected token|Expected /.test(message)
  ) {
    return "syntax-error";
  }
  return "other";
}

/** Run `request` and describe the outcome. Never throws for anything the tests do. */
export async function runTests(
  paths: CoursePaths,
  request: TestRequest,
): Promise<TestRun> {
  // With no files, deno test would run every test it can find: not what was asked.
  if (request.files.length === 0) {
    return {
      kind: "failed-to-start",
      cause: "other",
      message: "there are no tests to run",
    };
  }
  const reports = join(paths.state, "reports");
  await Deno.mkdir(reports, { recursive: true });
  // Two commands may run the same lesson at once (a check beside a check): each
  // process reads only its own report.
  const junitPath = join(reports, `${request.label}.${Deno.pid}.xml`);
  await Deno.remove(junitPath).catch(() => {});
  const limitMs = request.timeLimitMs ?? RUN_TIME_LIMIT_MS;
  const entry = await writeEntry(paths, request.label, request.files, {
    perTestTimeoutMs: request.perTestTimeoutMs,
  });

  const importMapFlags = request.importMap === undefined
    ? []
    : [`--import-map=${request.importMap}`];
  const typeCheck = request.typeCheck ?? "inline";
  const args = [
    "test",
    "--no-prompt",
    ...(typeCheck === "inline" ? TYPE_CHECK_FLAGS : ["--no-check"]),
    `--junit-path=${junitPath}`,
    ...importMapFlags,
    ...permissionFlags(request.permissions),
    relative(paths.root, entry),
    ...(request.testArgs?.length ? ["--", ...request.testArgs] : []),
  ];
  const stopTests = new AbortController();
  const stopAll = request.signal === undefined
    ? stopTests.signal
    : AbortSignal.any([stopTests.signal, request.signal]);
  const [checked, output] = await Promise.all([
    typeCheck === "apart"
      ? typeErrorsOf(paths, entry, importMapFlags, request.signal).then(
        (errors) => {
          if (errors.length > 0) stopTests.abort();
          return errors;
        },
      )
      : Promise.resolve([]),
    runDeno(paths.root, args, limitMs, START_MARKER, stopAll),
  ]);
  if (checked.length > 0) return typeErrorRun(paths, checked);
  if (output.timedOut) {
    return {
      kind: "timed-out",
      limitMs: output.started ? limitMs : STARTUP_LIMIT_MS,
      runningTest: unfinishedTest(output.stdout),
      passedBefore: passedTests(output.stdout),
    };
  }
  const xml = await Deno.readTextFile(junitPath).catch(() => undefined);
  await Deno.remove(junitPath).catch(() => {});
  if (xml === undefined) {
    const errors = parseTypeErrors(output.stderr);
    if (errors.length > 0) return typeErrorRun(paths, errors);
    // The tests started but the process ended before writing its report.
    if (output.started) {
      return {
        kind: "tested",
        cases: [],
        loadErrors: parseLoadErrors(output.stdout),
        outputs: {},
        elapsedMs: output.elapsedMs,
      };
    }
    const message = cleanDenoError(output.stderr || output.stdout, paths.root);
    return { kind: "failed-to-start", cause: startFailureOf(message), message };
  }
  const registered = parseRegistrations(
    output.stdout,
    REGISTERED_MARKER,
    paths.root,
  );
  return {
    kind: "tested",
    cases: parseJUnit(xml).map((c) => ({
      ...c,
      file: registered[c.name.split(" > ")[0]] ?? c.file,
    })),
    loadErrors: parseLoadErrors(output.stdout),
    outputs: parseTestOutputs(output.stdout),
    elapsedMs: output.elapsedMs,
  };
}

/**
 * A run stopped by type errors. A module that cannot be found is no type error of the
 * learner's but a missing file: `deno check` reports it as TS2307.
 */
function typeErrorRun(
  paths: CoursePaths,
  errors: readonly TypeCheckError[],
): TestRun {
  const missing = errors.filter((e) =>
    e.code === "TS2307" && /^Cannot find module 'file:/.test(e.message)
  );
  if (missing.length === 0) return { kind: "type-errors", errors };
  const lines = missing.map((e) => {
    const url = /'(file:[^']+)'/.exec(e.message)?.[1] ?? "";
    const importer = `${relative(paths.root, fromFileUrl(e.file))}:${e.line}`;
    return `Module not found: ${
      relative(paths.root, fromFileUrl(url))
    } (imported at ${importer})`;
  });
  return {
    kind: "failed-to-start",
    cause: "missing-module",
    message: [...new Set(lines)].join("\n"),
  };
}

/**
 * Type-check `files` (absolute test files) as one run would, without running them:
 * the type errors, none if there are none.
 */
export async function checkTypes(
  paths: CoursePaths,
  label: string,
  files: readonly string[],
  importMap?: string,
): Promise<TypeCheckError[]> {
  const entry = await writeEntry(paths, label, files, {});
  return await typeErrorsOf(
    paths,
    entry,
    importMap === undefined ? [] : [`--import-map=${importMap}`],
  );
}

async function typeErrorsOf(
  paths: CoursePaths,
  entry: string,
  importMapFlags: readonly string[],
  signal?: AbortSignal,
): Promise<TypeCheckError[]> {
  const output = await runDeno(
    paths.root,
    [
      "check",
      ...TYPE_CHECK_FLAGS,
      ...importMapFlags,
      relative(paths.root, entry),
    ],
    STARTUP_LIMIT_MS,
    undefined,
    signal,
  );
  return output.code === 0 ? [] : parseTypeErrors(output.stderr);
}

/**
 * Flags for how `deno test` type-checks. Empty: Deno's bundled TypeScript. The
 * native checker (`--unstable-tsgo`) was measured (see `course/measure.ts`) and is
 * not used by default; `BOUNCE_TSGO=1` turns it on.
 */
export const TYPE_CHECK_FLAGS: readonly string[] = Deno.env.get("BOUNCE_TSGO")
  ? ["--unstable-tsgo"]
  : [];

/** What a child Deno printed, and whether it had to be stopped. */
export interface DenoOutput {
  /** Exit code, or -1 if it was stopped. */
  readonly code: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
  /** True if it ran past its time limit. */
  readonly timedOut: boolean;
  /** True if the start marker was seen (always true when there is none). */
  readonly started: boolean;
  /** Wall time from the start (the marker, or the spawn) to the end, in ms. */
  readonly elapsedMs: number;
}

/**
 * Run this same Deno with `args` in `cwd`, capturing its output, in plain text, and
 * stopping it after `limitMs`. With `startMarker`, the clock starts only when that
 * line appears on stdout (what comes before, type-checking, is bounded by
 * {@linkcode STARTUP_LIMIT_MS} only). Aborting `signal` stops it too.
 */
export async function runDeno(
  cwd: string,
  args: readonly string[],
  limitMs: number,
  startMarker?: string,
  signal?: AbortSignal,
): Promise<DenoOutput> {
  // An aborted signal still lets Deno spawn, and the child would be left running.
  if (signal?.aborted) {
    return {
      code: -1,
      stdout: "",
      stderr: "",
      timedOut: false,
      started: false,
      elapsedMs: 0,
    };
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd,
    signal,
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  let started = startMarker === undefined;
  let startedAt = performance.now();
  const stop = () => {
    timedOut = true;
    child.kill("SIGKILL");
  };
  let timer = setTimeout(stop, started ? limitMs : STARTUP_LIMIT_MS);
  // Stopped because its answer is no longer wanted: not a time-out.
  const abandon = () => child.kill("SIGKILL");
  signal?.addEventListener("abort", abandon, { once: true });
  const onStdout = (text: string) => {
    if (!started && startMarker !== undefined && text.includes(startMarker)) {
      started = true;
      startedAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(stop, limitMs);
    }
  };
  try {
    const [stdout, stderr, status] = await Promise.all([
      readAll(child.stdout, onStdout),
      readAll(child.stderr, () => {}),
      child.status,
    ]);
    return {
      code: timedOut ? -1 : status.code,
      stdout,
      stderr,
      timedOut,
      started,
      elapsedMs: performance.now() - startedAt,
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abandon);
  }
}

/** Read a stream to its end as text, showing `onText` everything read so far. */
async function readAll(
  stream: ReadableStream<Uint8Array>,
  onText: (soFar: string) => void,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true });
    onText(text);
  }
  return text + decoder.decode();
}

/**
 * The flags that give a run exactly `permissions`. deno.json sets `test.permissions`
 * so that a teacher's `deno test -P` gets what the lessons need; with such a config
 * Deno refuses to run tests given no permission flag at all, so a run that needs
 * none says so explicitly.
 */
export function permissionFlags(permissions: readonly string[]): string[] {
  return permissions.length === 0 ? ["--deny-net"] : [...permissions];
}
