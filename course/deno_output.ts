/**
 * Reading what `deno test` prints when it cannot report through JUnit: type errors
 * (before any test runs) and errors thrown while a test file loads. The child runs
 * with `NO_COLOR`, so the text is plain.
 *
 * @module
 */

/** One TypeScript error, as the learner needs it. */
export interface TypeCheckError {
  /** E.g. `TS2322`. */
  readonly code: string;
  /** TypeScript's message, possibly several lines. */
  readonly message: string;
  /** The source line TypeScript pointed at. */
  readonly source: string;
  /** The file URL. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** An error thrown while a test module loaded, outside any test. */
export interface LoadError {
  /** The test file that failed to load, as Deno names it. */
  readonly file: string;
  /** The error text: message, source line, stack. */
  readonly text: string;
}

const TYPE_ERROR =
  /^(TS\d+) \[ERROR\]: ([^\n]*)\n((?:(?! {4}at ).*\n)*?) {4}at (file:\/\/\S+):(\d+):(\d+)/gm;

/** The type errors in `deno test`'s (or `deno check`'s) stderr. */
export function parseTypeErrors(stderr: string): TypeCheckError[] {
  const errors: TypeCheckError[] = [];
  for (const match of stderr.matchAll(TYPE_ERROR)) {
    const [, code, headline, body, file, line, column] = match;
    // The body is more message lines, then the source line, then a line of tildes.
    const lines = body.split("\n").filter((l) => l.trim() !== "");
    const hasSource = lines.length >= 2 &&
      /^\s*~+\s*$/.test(lines[lines.length - 1]);
    const source = hasSource ? lines[lines.length - 2].trim() : "";
    const more = hasSource ? lines.slice(0, -2) : lines;
    errors.push({
      code,
      message: [headline, ...more.map((l) => l.trim())].join("\n"),
      source,
      file,
      line: Number(line),
      column: Number(column),
    });
  }
  return errors;
}

/** Errors thrown while loading a test module, from the console reporter's output. */
export function parseLoadErrors(stdout: string): LoadError[] {
  const errors: LoadError[] = [];
  const blocks = stdout.split(/^(\S.*) \(uncaught error\)$/m);
  // split() with a capture group alternates text and file names: [before, file, body, ...].
  for (let i = 1; i + 1 < blocks.length; i += 2) {
    const body = blocks[i + 1].split(/\n\n| FAILURES /)[0].replace(
      /^\s*error: /,
      "",
    ).trim();
    if (body !== "") errors.push({ file: blocks[i], text: body });
  }
  return errors;
}

/** The test that was running when the output stopped: a name with no result yet. */
export function unfinishedTest(stdout: string): string | undefined {
  const last = stdout.trimEnd().split("\n").at(-1) ?? "";
  const match = /^(.*) \.\.\.$/.exec(last);
  return match?.[1];
}

/**
 * What remains of Deno's own error output once the noise is gone: the Rust backtrace
 * footer and the `Check`/`Download` progress lines.
 */
export function cleanDenoError(stderr: string): string {
  return stderr
    .replace(/\n*Stack backtrace:[\s\S]*$/, "")
    .split("\n")
    .filter((line) => !/^(Check|Download) /.test(line))
    .join("\n")
    .trim();
}
