/**
 * The learner's loop: `deno task lesson N --watch`. It runs the lesson, shows the
 * report and a status line, runs it again on every save, and moves on to the next
 * lesson when the current one starts to pass. Keys: h hint, l list, n next lesson,
 * p previous, r run again, q quit. An interrupted run (Ctrl-C) is dropped whole:
 * nothing more is printed, nothing is saved, and the exit code is 130.
 *
 * {@linkcode WatchLoop} is the loop itself, fed events one at a time, so the engine's
 * tests can drive it; {@linkcode watchLessons} connects it to the file system, the
 * keyboard and Ctrl-C.
 *
 * @module
 */

import { basename, relative, sep } from "node:path";
import { INTERRUPTED_EXIT_CODE } from "./interrupt.ts";
import type { Lesson } from "./lessons.ts";
import { bold, cyan, dim, green, yellow } from "./style.ts";

/** A finished run, as the watch shows it. */
export interface WatchedRun {
  /** The report to print: each test's result and what to do next. */
  readonly report: string;
  /** Tests that passed. */
  readonly passed: number;
  /** Tests the lesson has; 0 if none could run. */
  readonly total: number;
}

/** What the loop needs from the course around it. */
export interface WatchHost {
  /** Every lesson, in order. */
  readonly lessons: readonly Lesson[];
  /**
   * Run `lesson` and remember its result; resolves with `undefined`, remembering
   * nothing, if `signal` was aborted first.
   */
  run(lesson: Lesson, signal: AbortSignal): Promise<WatchedRun | undefined>;
  /** The lesson's title, goal and files. */
  intro(lesson: Lesson): string;
  /** The lesson's next hint, counted as shown. */
  hint(lesson: Lesson): Promise<string>;
  /** Every lesson and its last known status, `current` marked. */
  list(current: Lesson): Promise<string>;
  /** How many lessons pass, as last run. */
  lessonsDone(): number;
  /** Print a block of text (a newline is added). */
  print(text: string): void;
  /** Clear the screen, if there is one. */
  clear(): void;
}

/** What can happen while watching. */
export type WatchEvent =
  /** Files were saved (absolute paths). */
  | { readonly kind: "saved"; readonly paths: readonly string[] }
  /** A key was pressed, or a line typed when there is no terminal. */
  | { readonly kind: "key"; readonly key: string }
  /** The input ended (Ctrl-D, or the end of piped input): quit. */
  | { readonly kind: "end" }
  /** Ctrl-C: stop now, silently. */
  | { readonly kind: "interrupt" }
  /** A run finished. */
  | { readonly kind: "ran"; readonly id: number; readonly run: WatchedRun }
  /** A run failed inside the engine itself. */
  | { readonly kind: "crashed"; readonly error: unknown };

/**
 * The watch loop, one event at a time. {@linkcode WatchLoop.run} starts the first
 * run and resolves with the exit code when the learner quits or interrupts.
 *
 * @example
 * ```ts ignore
 * const loop = new WatchLoop(host, lesson, { terminal: false });
 * const done = loop.run();
 * loop.push({ kind: "key", key: "q" });
 * console.log(await done); // 0
 * ```
 */
export class WatchLoop {
  readonly #host: WatchHost;
  readonly #terminal: boolean;
  readonly #events: WatchEvent[] = [];
  #wake: (() => void) | undefined;
  #lesson: Lesson;
  #running: { readonly id: number; readonly stop: AbortController } | undefined;
  #runs = 0;
  /** Set when the input has ended: quit once the run under way is shown. */
  #ending = false;
  /** Whether each lesson passed at its last run in this session. */
  readonly #passing = new Map<string, boolean>();
  /** The counts of each lesson's last run in this session. */
  readonly #counts = new Map<string, string>();

  /**
   * @param host the course around the loop.
   * @param lesson the lesson to start on.
   * @param options `terminal`: keys arrive one by one (otherwise as typed lines).
   */
  constructor(
    host: WatchHost,
    lesson: Lesson,
    options: { readonly terminal: boolean },
  ) {
    this.#host = host;
    this.#lesson = lesson;
    this.#terminal = options.terminal;
  }

  /** The lesson being watched now. */
  get lesson(): Lesson {
    return this.#lesson;
  }

  /** Whether a run is under way. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Hand the loop an event; it is handled in turn. */
  push(event: WatchEvent): void {
    this.#events.push(event);
    this.#wake?.();
  }

  /**
   * Run until the learner quits or interrupts. Resolves with 0 if the lesson being
   * watched passes at the end, 1 if not, and {@linkcode INTERRUPTED_EXIT_CODE} after
   * Ctrl-C.
   */
  async run(): Promise<number> {
    this.#start(false);
    for (;;) {
      const event = await this.#next();
      switch (event.kind) {
        case "interrupt":
          this.#stopRun();
          return INTERRUPTED_EXIT_CODE;
        case "end":
          // Piped input that ends still gets the run under way, then stops.
          this.#ending = true;
          if (this.#running === undefined) return this.#quit();
          break;
        case "crashed":
          this.#stopRun();
          throw event.error;
        case "saved":
          if (!this.#ending && event.paths.some((p) => this.#concerns(p))) {
            this.#start(true);
          }
          break;
        case "ran":
          if (event.id !== this.#running?.id) break;
          this.#finish(event.run);
          if (this.#ending && this.#running === undefined) return this.#quit();
          break;
        case "key":
          if (!this.#ending && await this.#key(event.key.toLowerCase())) {
            return this.#quit();
          }
          break;
      }
    }
  }

  #quit(): number {
    this.#stopRun();
    return this.#passing.get(this.#lesson.id) === true ? 0 : 1;
  }

  async #next(): Promise<WatchEvent> {
    for (;;) {
      const event = this.#events.shift();
      if (event !== undefined) return event;
      await new Promise<void>((resolve) => this.#wake = resolve);
      this.#wake = undefined;
    }
  }

  /** Handle a key; true means quit. */
  async #key(key: string): Promise<boolean> {
    switch (key) {
      case "q":
        return true;
      case "h":
        this.#host.print(`\n${await this.#host.hint(this.#lesson)}`);
        this.#status();
        return false;
      case "l":
        this.#host.print(`\n${await this.#host.list(this.#lesson)}`);
        this.#status();
        return false;
      case "r":
        this.#start(true);
        return false;
      case "n":
      case "p": {
        const target = this.#neighbour(key === "n" ? 1 : -1);
        if (target === undefined) {
          this.#host.print(
            yellow(
              key === "n"
                ? "This is the last lesson."
                : "This is the first lesson.",
            ),
          );
          this.#status();
        } else {
          this.#lesson = target;
          this.#start(true);
        }
        return false;
      }
      case "":
        return false;
      default:
        this.#host.print(dim(`"${key}" is not a key the watch knows.`));
        this.#status();
        return false;
    }
  }

  /** Start a run of the current lesson, dropping any run under way. */
  #start(clear: boolean): void {
    this.#stopRun();
    if (clear) this.#host.clear();
    const id = ++this.#runs;
    const stop = new AbortController();
    this.#running = { id, stop };
    const lesson = this.#lesson;
    this.#host.print(`${this.#host.intro(lesson)}\n`);
    this.#host.print(dim(`Running lesson ${lesson.number}'s tests…`));
    this.#host.run(lesson, stop.signal).then(
      (run) => {
        if (run !== undefined && !stop.signal.aborted) {
          this.push({ kind: "ran", id, run });
        }
      },
      (error) => {
        if (!stop.signal.aborted) this.push({ kind: "crashed", error });
      },
    );
  }

  #stopRun(): void {
    this.#running?.stop.abort();
    this.#running = undefined;
  }

  #finish(run: WatchedRun): void {
    this.#running = undefined;
    const lesson = this.#lesson;
    const passes = run.total > 0 && run.passed === run.total;
    const before = this.#passing.get(lesson.id);
    this.#passing.set(lesson.id, passes);
    this.#counts.set(
      lesson.id,
      run.total === 0
        ? "no tests ran"
        : `${run.passed} of ${run.total} tests pass`,
    );
    this.#host.print(run.report);
    // Move on when the lesson starts to pass here, not when one that already
    // passed is visited again: the learner went back to it on purpose.
    const next = this.#neighbour(1);
    if (passes && before === false && next !== undefined) {
      this.#host.print(
        `\n${green(bold(`Lesson ${lesson.number} is done.`))} Moving on to ${
          bold(`lesson ${next.number} — ${next.meta.title}`)
        }.\n`,
      );
      this.#lesson = next;
      this.#start(false);
      return;
    }
    if (passes && next === undefined) {
      this.#host.print(
        `\n${green(bold("That was the last lesson: every one passes."))}`,
      );
    }
    this.#status();
  }

  #status(): void {
    const lesson = this.#lesson;
    const last = this.#passing.get(lesson.id);
    const where = `Lesson ${lesson.number} of ${this.#host.lessons.length}`;
    const counts = this.#counts.get(lesson.id);
    const state = last === undefined || counts === undefined
      ? "not run yet"
      : last
      ? green(`passes, ${counts}`)
      : `does not pass yet, ${counts}`;
    const done =
      `${this.#host.lessonsDone()} of ${this.#host.lessons.length} lessons done`;
    const keys = "h hint · l list · n next · p previous · r run again · q quit";
    const how = this.#terminal
      ? `${keys}; saving a file runs the tests again.`
      : `type a letter and Enter (${keys}); saving a file runs the tests again.`;
    const nudge = last === true && this.#neighbour(1) !== undefined
      ? ` Press ${cyan("n")} for the next lesson.`
      : "";
    this.#host.print(
      `\n${bold(`── ${where}: ${state} · ${done} ──`)}${nudge}\n${dim(how)}`,
    );
  }

  #neighbour(step: 1 | -1): Lesson | undefined {
    const lessons = this.#host.lessons;
    return lessons[lessons.indexOf(this.#lesson) + step];
  }

  /**
   * Whether a saved file can change the current lesson's result: TypeScript in its
   * own folder, an earlier lesson's, or shared test support; not a later lesson's.
   */
  #concerns(path: string): boolean {
    if (!path.endsWith(".ts")) return false;
    const folder = lessonFolderOf(this.#host.lessons, path);
    return folder === undefined || folder.number <= this.#lesson.number;
  }
}

function lessonFolderOf(
  lessons: readonly Lesson[],
  path: string,
): Lesson | undefined {
  return lessons.find((lesson) => {
    const inside = relative(lesson.dir, path);
    return inside !== "" && !inside.startsWith("..") &&
      !inside.startsWith(sep) && basename(inside) === inside;
  });
}

/** Where the watch gets its events from. */
export interface WatchSources {
  /** The folder whose saves count. */
  readonly folder: string;
  /** Whether keys come from a terminal, one at a time. */
  readonly terminal: boolean;
}

/**
 * Watch `start` and onward for real: saves under `sources.folder`, keys from the
 * terminal (or lines from piped input, whose end quits), and Ctrl-C. Resolves with
 * the exit code; the terminal is left as it was found.
 */
export async function watchLessons(
  host: WatchHost,
  start: Lesson,
  sources: WatchSources,
): Promise<number> {
  const loop = new WatchLoop(host, start, { terminal: sources.terminal });
  const interrupt = () => loop.push({ kind: "interrupt" });
  const watcher = Deno.watchFs(sources.folder, { recursive: true });
  const saves = forwardSaves(watcher, loop);
  const input = Deno.stdin.readable.getReader();
  let raw = false;
  try {
    Deno.addSignalListener("SIGINT", interrupt);
    if (sources.terminal) {
      Deno.stdin.setRaw(true);
      raw = true;
    }
    void forwardInput(input, loop, sources.terminal);
    return await loop.run();
  } finally {
    if (raw) Deno.stdin.setRaw(false);
    Deno.removeSignalListener("SIGINT", interrupt);
    watcher.close();
    await saves;
    // A pending read of stdin would keep the process alive; let it go.
    input.releaseLock();
  }
}

/** Saves come in bursts (write, rename, touch): pass each burst on once it ends. */
async function forwardSaves(
  watcher: Deno.FsWatcher,
  loop: WatchLoop,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let paths: string[] = [];
  for await (const event of watcher) {
    if (event.kind === "access") continue;
    paths.push(...event.paths);
    clearTimeout(timer);
    timer = setTimeout(() => {
      loop.push({ kind: "saved", paths });
      paths = [];
    }, 100);
  }
  clearTimeout(timer);
}

/**
 * Keys to the loop. From a raw terminal each byte is a key (Ctrl-C interrupts,
 * Ctrl-D quits); from piped input each line is one, its first letter.
 */
async function forwardInput(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  loop: WatchLoop,
  terminal: boolean,
): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (terminal) {
        // Arrow and function keys arrive as escape sequences: not keys of ours.
        if (text.startsWith("\x1b")) continue;
        for (const char of text) {
          if (char === "\x03") {
            loop.push({ kind: "interrupt" });
            return;
          }
          if (char === "\x04") {
            loop.push({ kind: "end" });
            return;
          }
          if (char.trim() !== "") loop.push({ kind: "key", key: char });
        }
        continue;
      }
      pending += text;
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        loop.push({
          kind: "key",
          key: pending.slice(0, newline).trim()[0] ?? "",
        });
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
    }
  } catch {
    // The reader was released as the watch ended: nothing more to read.
    return;
  }
  loop.push({ kind: "end" });
}
