/**
 * The Lox runner: `deno task run [FILE.lox]` starts this in a child Deno (see
 * course/commands/run.ts), on the learner's runtime or, with `--reference`, on the
 * reference. With a file, it runs the script on the system clock and exits with
 * clox's codes (0, 65 compile error, 70 runtime error, 74 unreadable file); without
 * one, a REPL whose prompt goes to stderr, so stdout carries only what Lox prints.
 *
 * Usage: `main.ts [--time-limit=SECONDS] [FILE]`. The limit counts only time spent
 * computing (0: none), so a server that waits for clients runs until stopped.
 *
 * @module
 */

import { type LoxIo, LoxSession, runLox } from "./interpret.ts";

/** Exit codes of clox's `main` that are not a program's own. */
const EXIT_USAGE = 64;
const EXIT_IO = 74;
/** The code of a failure of the runtime itself, not of the script. */
const EXIT_SOFTWARE = 70;

/** Run the command line `args`; resolves with the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const limitArg = args.find((arg) => arg.startsWith("--time-limit="));
  const files = args.filter((arg) => !arg.startsWith("--"));
  const limit = Number(limitArg?.slice("--time-limit=".length) ?? 0);
  if (files.length > 1 || !(limit >= 0)) {
    console.error("Usage: deno task run [--time-limit SECONDS] [FILE.lox]");
    return EXIT_USAGE;
  }
  const computeLimitMs = limit === 0 ? undefined : limit * 1000;
  const io = new BufferedIo();
  try {
    if (files.length === 0) return await repl(io, computeLimitMs);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(files[0]);
    } catch {
      console.error(`Could not open file "${files[0]}".`);
      return EXIT_IO;
    }
    const source = decodeSource(bytes);
    if (source instanceof NotTextError) {
      console.error(`Could not read file "${files[0]}": ${source.message}`);
      return EXIT_IO;
    }
    const code = await runLox(source, io, {
      clock: "system",
      computeLimitMs,
    });
    explainLimit(io);
    return code;
  } catch (error) {
    // Not the script's fault: the runtime under it failed (an unfinished lesson?).
    io.flush();
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`The runtime failed while running the script: ${reason}`);
    return EXIT_SOFTWARE;
  } finally {
    io.flush();
  }
}

/** After a program the time limit stopped, say how to change the limit. */
function explainLimit(io: BufferedIo): void {
  if (!io.stoppedByLimit) return;
  io.stoppedByLimit = false;
  io.stderr("(Change the limit with --time-limit SECONDS, or 0 for none.)\n");
}

/** A script file whose bytes are not UTF-8 text. */
export class NotTextError extends Error {
  override name = "NotTextError";
}

/**
 * The text of a script file, or why it is not text: a byte that is not UTF-8 would
 * otherwise become "\uFFFD" silently, and the program would print what it never said.
 *
 * @example
 * ```ts
 * decodeSource(new Uint8Array([0x70, 0xff])); // NotTextError: ... (line 1)
 * ```
 */
export function decodeSource(bytes: Uint8Array): string | NotTextError {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Find the line of the first bad byte, so the user can look at it.
    const good = new TextDecoder().decode(bytes).split("\uFFFD")[0];
    const line = good.split("\n").length;
    return new NotTextError(`it is not UTF-8 text (line ${line}).`);
  }
}

/**
 * True if `source` cannot be complete yet: a `(` or `{` is still open, or a string
 * has not ended. The REPL then reads another line instead of reporting
 * "Expect '}'", so a function can be typed over several lines.
 *
 * @example
 * ```ts
 * unfinished("fun f() {"); // true
 * unfinished("print 1;"); // false
 * ```
 */
export function unfinished(source: string): boolean {
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '"') {
      const end = source.indexOf('"', i + 1);
      if (end < 0) return true;
      i = end + 1;
      continue;
    }
    if (c === "/" && source[i + 1] === "/") {
      const end = source.indexOf("\n", i);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (c === "(" || c === "{") depth++;
    else if (c === ")" || c === "}") depth--;
    i++;
  }
  return depth > 0;
}

/** Read lines from stdin and run each; the globals carry over. */
async function repl(
  io: BufferedIo,
  computeLimitMs: number | undefined,
): Promise<number> {
  const session = new LoxSession(io, { clock: "system", computeLimitMs });
  const decoder = new TextDecoder();
  const terminal = Deno.stdin.isTerminal();
  const prompt = (text: Uint8Array) => {
    io.flush();
    if (terminal) Deno.stderr.writeSync(text);
  };
  let pending = "";
  let entry = ""; // the lines of an entry still open, for `unfinished`
  prompt(PROMPT);
  for await (const chunk of Deno.stdin.readable) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      entry += pending.slice(0, newline + 1);
      pending = pending.slice(newline + 1);
      if (unfinished(entry)) {
        prompt(MORE);
      } else {
        // Without its last newline, so an error "at end" is on the entry's last line.
        await session.run(entry.slice(0, -1));
        entry = "";
        explainLimit(io);
        prompt(PROMPT);
      }
      newline = pending.indexOf("\n");
    }
  }
  // Ctrl-D after a partial line: end that line on the screen before any error.
  if (terminal) Deno.stderr.writeSync(NEWLINE);
  entry += pending;
  if (entry.trim() !== "") {
    await session.run(entry);
    explainLimit(io);
  }
  return 0;
}

const PROMPT = new TextEncoder().encode("> ");
const MORE = new TextEncoder().encode("... ");
const NEWLINE = new TextEncoder().encode("\n");

/**
 * Output written in blocks rather than a system call per `print`: flushed when a
 * block fills, when the host's event loop gets a turn (the script waits), and at
 * the end. Errors flush what was printed before them, so the order holds.
 *
 * To a terminal, every line is written as it ends, as C's stdio does: a script
 * that prints and then computes shows its line at once, and Ctrl-C, which ends
 * the process there and then, loses nothing already printed.
 *
 * @example
 * ```ts
 * const io = new BufferedIo({ lineBuffered: true, write: (t) => console.log(t) });
 * io.stdout("hello\n"); // written now: a line ended
 * ```
 */
export class BufferedIo implements LoxIo {
  #out = "";
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #lineBuffered: boolean;
  readonly #write: (text: string) => void;
  /** True once the time limit stopped a program. */
  stoppedByLimit = false;

  /**
   * @param options.lineBuffered flush at every newline (default: stdout is a terminal).
   * @param options.write where the program's output goes (default: stdout).
   */
  constructor(
    options: {
      lineBuffered?: boolean;
      write?: (text: string) => void;
    } = {},
  ) {
    this.#lineBuffered = options.lineBuffered ?? Deno.stdout.isTerminal();
    this.#write = options.write ?? ((text) => writeAll(Deno.stdout, text));
  }

  stdout(text: string): void {
    this.#out += text;
    if (
      this.#out.length >= BLOCK || (this.#lineBuffered && text.includes("\n"))
    ) {
      this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), 0);
    }
  }

  stderr(text: string): void {
    this.flush();
    if (text.startsWith("Time limit: ")) this.stoppedByLimit = true;
    writeAll(Deno.stderr, text);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#out === "") return;
    const text = this.#out;
    this.#out = "";
    this.#write(text);
  }
}

/** How much output to gather before writing it. */
const BLOCK = 1 << 16;

function writeAll(file: typeof Deno.stdout, text: string): void {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  try {
    while (written < bytes.length) {
      written += file.writeSync(bytes.subarray(written));
    }
  } catch (error) {
    // The reader went away (`… | head`): stop quietly, as a Unix tool does on
    // SIGPIPE, with the code a shell reports for it.
    if (error instanceof Deno.errors.BrokenPipe) Deno.exit(EXIT_BROKEN_PIPE);
    throw error;
  }
}

/** 128 + SIGPIPE: how a shell reports a program stopped by a closed pipe. */
const EXIT_BROKEN_PIPE = 141;

if (import.meta.main) Deno.exit(await main(Deno.args));
