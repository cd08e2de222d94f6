/**
 * Running a lesson's tests in a child `deno test`, bounded in time, and turning what
 * it reports into one {@linkcode TestRun}. The learner's code runs only in the child,
 * with only the permissions its lesson declares.
 *
 * @module
 */

import { join, relative } from "node:path";
import {
  cleanDenoError,
  type LoadError,
  parseLoadErrors,
  parseTypeErrors,
  type TypeCheckError,
  unfinishedTest,
} from "./deno_output.ts";
import { parseJUnit, type TestCase } from "./junit.ts";
import type { CoursePaths } from "./paths.ts";

/**
 * How long one run of a lesson's tests may take before it is stopped: 20 s, or
 * `BOUNCE_TIME_LIMIT` seconds if set (for a slow machine, or the engine's own tests).
 */
export const RUN_TIME_LIMIT_MS: number =
  (Number(Deno.env.get("BOUNCE_TIME_LIMIT")) || 20) * 1000;

/** What to run. */
export interface TestRequest {
  /** Test files, absolute. */
  readonly files: readonly string[];
  /** Permission flags for the child, e.g. `--allow-net=127.0.0.1`. */
  readonly permissions: readonly string[];
  /** An import map to run with, or none for the learner's own code throughout. */
  readonly importMap?: string;
  /** A name for this run's report file, unique among runs that may overlap. */
  readonly label: string;
  /** Overrides {@linkcode RUN_TIME_LIMIT_MS}. */
  readonly timeLimitMs?: number;
  /** Arguments for the tests themselves, which they read as `Deno.args`. */
  readonly testArgs?: readonly string[];
  /** Stops the run when aborted (watch mode drops a run the learner interrupts). */
  readonly signal?: AbortSignal;
}

/** How a run ended. */
export type TestRun =
  | {
    /** The tests ran (some may have failed). */
    readonly kind: "tested";
    /** Every test that ran. */
    readonly cases: readonly TestCase[];
    /** Test files that threw while loading, so none of their tests ran. */
    readonly loadErrors: readonly LoadError[];
    /** Where the JUnit report is. */
    readonly junitPath: string;
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
  }
  | {
    /** Deno stopped before running anything, e.g. a module that does not exist. */
    readonly kind: "failed-to-start";
    /** Deno's message. */
    readonly message: string;
  };

/** Run `request` and describe the outcome. Never throws for anything the tests do. */
export async function runTests(
  paths: CoursePaths,
  request: TestRequest,
): Promise<TestRun> {
  // With no files, deno test would run every test it can find: not what was asked.
  if (request.files.length === 0) {
    return { kind: "failed-to-start", message: "there are no tests to run" };
  }
  const reports = join(paths.state, "reports");
  await Deno.mkdir(reports, { recursive: true });
  const junitPath = join(reports, `${request.label}.xml`);
  await Deno.remove(junitPath).catch(() => {});
  const limitMs = request.timeLimitMs ?? RUN_TIME_LIMIT_MS;

  const args = [
    "test",
    "--no-prompt",
    `--junit-path=${junitPath}`,
    ...(request.importMap === undefined
      ? []
      : [`--import-map=${request.importMap}`]),
    ...permissionFlags(request.permissions),
    ...request.files.map((file) => relative(paths.root, file)),
    ...(request.testArgs?.length ? ["--", ...request.testArgs] : []),
  ];
  const output = await runDeno(paths.root, args, limitMs, request.signal);
  if (output.timedOut) {
    return {
      kind: "timed-out",
      limitMs,
      runningTest: unfinishedTest(output.stdout),
    };
  }
  const xml = await Deno.readTextFile(junitPath).catch(() => undefined);
  if (xml === undefined) {
    const errors = parseTypeErrors(output.stderr);
    if (errors.length > 0) return { kind: "type-errors", errors };
    return {
      kind: "failed-to-start",
      message: cleanDenoError(output.stderr || output.stdout),
    };
  }
  return {
    kind: "tested",
    cases: parseJUnit(xml),
    loadErrors: parseLoadErrors(output.stdout),
    junitPath,
  };
}

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
}

/**
 * Run this same Deno with `args` in `cwd`, capturing its output, in plain text, and
 * stopping it after `limitMs`, or when `signal` is aborted.
 */
export async function runDeno(
  cwd: string,
  args: readonly string[],
  limitMs: number,
  signal?: AbortSignal,
): Promise<DenoOutput> {
  // Deno spawns even on an aborted signal, and would leave that child running.
  if (signal?.aborted) {
    return { code: -1, stdout: "", stderr: "", timedOut: false };
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
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, limitMs);
  try {
    const { code, stdout, stderr } = await child.output();
    const decoder = new TextDecoder();
    return {
      code: timedOut ? -1 : code,
      stdout: decoder.decode(stdout),
      stderr: decoder.decode(stderr),
      timedOut,
    };
  } finally {
    clearTimeout(timer);
  }
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
