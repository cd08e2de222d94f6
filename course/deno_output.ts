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
    const body = blocks[i + 1].split(/\n\n| FAILURES /)[0]
      .replace(/^\s*error: (?:\(in promise\) )?/, "")
      .replace(/\nThis error was not caught from a test[\s\S]*$/, "")
      .trim();
    if (body !== "") errors.push({ file: blocks[i], text: body });
  }
  return errors;
}

/** The test that was running when the output stopped: a name with no result yet. */
export function unfinishedTest(stdout: string): string | undefined {
  let running: string | undefined;
  for (const line of stdout.split("\n")) {
    const started = /^(\S.*) \.\.\.$/.exec(line);
    if (started !== null) running = started[1];
    else if (running !== undefined && line.startsWith(`${running} ... `)) {
      running = undefined;
    }
  }
  return running;
}

/**
 * What remains of Deno's own error output once the noise is gone: the Rust backtrace
 * footer, the `Check`/`Download` progress lines and the `info:`/`hint:` footers; and
 * file URLs under `root` become paths from it, as the learner sees their files.
 */
export function cleanDenoError(stderr: string, root?: string): string {
  const lines = stderr
    .replace(/\n*Stack backtrace:[\s\S]*$/, "")
    .split("\n")
    .filter((line) => !/^(Check|Download) /.test(line))
    .filter((line) => !/^\s*(info|hint): /.test(line));
  const text = lines.join("\n").trim();
  if (root === undefined) return text;
  // Deno ends a syntax error with "at file:///…:line:col"; say "in path:line:col".
  return text
    .replace(/^(\s*)at (file:\/\/\S+)$/gm, "$1in $2")
    .replaceAll(`file://${root}/`, "");
}
const OUTPUT_START = "------- output -------";
const OUTPUT_END = "----- output end -----";

/**
 * What each test printed, by test name, from the console reporter's output: Deno
 * shows a test's `console.log` output between two rules under its name. A step's
 * output is counted with its test's.
 */
export function parseTestOutputs(stdout: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = stdout.split("\n");
  let test: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const started = /^(\S.*) \.\.\.$/.exec(lines[i]);
    if (started !== null) test = started[1];
    if (lines[i] !== OUTPUT_START || test === undefined) continue;
    const end = lines.indexOf(OUTPUT_END, i + 1);
    const stop = end === -1 ? lines.length : end;
    const text = lines.slice(i + 1, stop).join("\n");
    outputs[test] = outputs[test] === undefined
      ? text
      : `${outputs[test]}\n${text}`;
    i = stop;
  }
  return outputs;
}

/** The tests the console reporter says passed, e.g. before a run was stopped. */
export function passedTests(stdout: string): string[] {
  return [...stdout.matchAll(/^(\S.*) \.\.\. ok(?: \(.*\))?$/gm)].map((m) =>
    m[1]
  );
}

/**
 * The file each test was registered from, by test name, from the lines the harness
 * prints (see `harness.ts`), as Deno would name it: `./` and a path from `root`.
 */
export function parseRegistrations(
  stdout: string,
  marker: string,
  root: string,
): Record<string, string> {
  const files: Record<string, string> = {};
  const prefix = `file://${root}/`;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(marker)) continue;
    try {
      const entry: unknown = JSON.parse(line.slice(marker.length));
      if (!Array.isArray(entry)) continue;
      const [file, name] = entry;
      if (typeof file === "string" && typeof name === "string") {
        files[name] = file.startsWith(prefix)
          ? `./${decodeURIComponent(file.slice(prefix.length))}`
          : file;
      }
    } catch {
      // Not one of ours: a test printed something that starts the same way.
    }
  }
  return files;
}
