/**
 * What a corpus program expects, read from its comments in the format the Lox
 * community uses:
 *
 * - `// expect: TEXT` — the program prints TEXT on a line of stdout (in order);
 * - `// Error at 'x': MESSAGE` / `// Error at end: …` / `// Error: …` — a compile
 *   error reported on this comment's line, as `[line N] Error at 'x': MESSAGE`;
 * - `// [line N] Error…` — a compile error reported on another line N;
 * - `// expect runtime error: MESSAGE` — the run stops with MESSAGE, and the trace's
 *   first line is `[line N] in …` for this comment's line.
 *
 * Compile errors mean exit 65 and no output; a runtime error means exit 70.
 *
 * @module
 */

/** A runtime error the program ends with. */
export interface ExpectedRuntimeError {
  /** The message line, exactly. */
  readonly message: string;
  /** The line the innermost frame of the trace names. */
  readonly line: number;
}

/** Everything one program's comments promise about its run. */
export interface Expectations {
  /** Lines of stdout, each without its "\n". */
  readonly stdout: readonly string[];
  /** Lines of stderr for compile errors (`[line N] Error…`), in order. */
  readonly compileErrors: readonly string[];
  /** The runtime error the run ends with, if any. */
  readonly runtimeError: ExpectedRuntimeError | undefined;
  /** 0, 65 (compile errors) or 70 (runtime error). */
  readonly exitCode: number;
}

/** A corpus program whose comments contradict each other. */
export class MalformedExpectationError extends Error {
  /** @param line the 1-based line of the offending comment. */
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = "MalformedExpectationError";
  }
}

const EXPECT_OUTPUT = /\/\/ expect: ?(.*)$/;
const EXPECT_RUNTIME_ERROR = /\/\/ expect runtime error: (.+)$/;
const ERROR_ON_LINE = /\/\/ \[line (\d+)\] (Error.*)$/;
const ERROR_HERE = /\/\/ (Error.*)$/;

/**
 * Read the expectations of one program.
 *
 * @example
 * ```ts
 * import { parseExpectations } from "./expectations.ts";
 * parseExpectations('print 1;\nprint nil + 1; // expect runtime error: Boom.\n');
 * // { stdout: [], compileErrors: [], runtimeError: { message: "Boom.", line: 2 }, exitCode: 70 }
 * ```
 */
export function parseExpectations(source: string): Expectations {
  const stdout: string[] = [];
  const compileErrors: string[] = [];
  let runtimeError: ExpectedRuntimeError | undefined;
  const lines = source.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index];
    const line = index + 1;
    let match: RegExpExecArray | null;
    if ((match = EXPECT_OUTPUT.exec(text)) !== null) {
      stdout.push(match[1]);
    } else if ((match = EXPECT_RUNTIME_ERROR.exec(text)) !== null) {
      if (runtimeError !== undefined) {
        throw new MalformedExpectationError(line, "a second runtime error");
      }
      runtimeError = { message: match[1], line };
    } else if ((match = ERROR_ON_LINE.exec(text)) !== null) {
      compileErrors.push(`[line ${match[1]}] ${match[2]}`);
    } else if ((match = ERROR_HERE.exec(text)) !== null) {
      compileErrors.push(`[line ${line}] ${match[1]}`);
    }
  }
  if (compileErrors.length > 0 && (stdout.length > 0 || runtimeError)) {
    // A program with a compile error never runs, so it can print nothing.
    throw new MalformedExpectationError(
      1,
      "compile errors together with output or a runtime error",
    );
  }
  const exitCode = compileErrors.length > 0 ? 65 : runtimeError ? 70 : 0;
  return { stdout, compileErrors, runtimeError, exitCode };
}

/** What one run of a program produced. */
export interface Outcome {
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr. */
  readonly stderr: string;
  /** The exit code the run resolved with. */
  readonly exitCode: number;
}

const TRACE_LINE = /^\[line \d+\] in (script|[A-Za-z_][A-Za-z_0-9]*\(\))$/;

/**
 * How an outcome differs from the expectations, one sentence per difference; empty
 * when it matches. Compile errors and output are compared exactly; a runtime error's
 * stderr must be its message, then a trace whose first line names the expected line,
 * one `[line N] in name()` per frame, ending `in script`.
 */
export function differences(
  expected: Expectations,
  actual: Outcome,
): string[] {
  const found: string[] = [];
  if (actual.exitCode !== expected.exitCode) {
    found.push(
      `exit code: expected ${expected.exitCode}, got ${actual.exitCode}`,
    );
  }
  const stdout = expected.stdout.map((line) => `${line}\n`).join("");
  if (actual.stdout !== stdout) {
    found.push(
      `stdout:\n${block("expected", stdout)}${block("got", actual.stdout)}`,
    );
  }
  const error = expected.runtimeError;
  if (error === undefined) {
    const stderr = expected.compileErrors.map((line) => `${line}\n`).join("");
    if (actual.stderr !== stderr) {
      found.push(
        `stderr:\n${block("expected", stderr)}${block("got", actual.stderr)}`,
      );
    }
    return found;
  }
  const problem = traceProblem(error, actual.stderr);
  if (problem !== undefined) {
    found.push(
      `stderr: ${problem}\n${
        block("expected", `${error.message}\n[line ${error.line}] in …\n`)
      }${block("got", actual.stderr)}`,
    );
  }
  return found;
}

function traceProblem(
  error: ExpectedRuntimeError,
  stderr: string,
): string | undefined {
  if (!stderr.endsWith("\n")) return "does not end with a newline";
  const [message, ...trace] = stderr.slice(0, -1).split("\n");
  if (message !== error.message) return "the first line is not the message";
  if (trace.length === 0) return "no trace follows the message";
  if (!trace[0].startsWith(`[line ${error.line}] in `)) {
    return `the trace does not start at line ${error.line}`;
  }
  const bad = trace.find((line) => !TRACE_LINE.test(line));
  if (bad !== undefined) return `"${bad}" is not a trace line`;
  if (trace[trace.length - 1].endsWith(" in script") === false) {
    return "the trace does not end in script";
  }
  return undefined;
}

function block(label: string, text: string): string {
  const lines = text === ""
    ? ["(nothing)"]
    : text.replace(/\n$/, "").split("\n");
  return `${label}:\n${lines.map((line) => `  ${line}\n`).join("")}`;
}
