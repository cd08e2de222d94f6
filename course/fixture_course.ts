/**
 * For the engine's tests: a throwaway course made of the fixture in
 * `testdata/fixture/` and a copy of this engine, and a way to type commands in it
 * as a learner would. The fixture is small, so tests of the engine do not depend
 * on the real lessons or on how fast the machine is.
 *
 * @module
 */

import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { GRADE_ENTRY, gradeEntrySource } from "./entry.ts";
import { discoverLessons } from "./lessons.ts";
import { coursePaths, thisCourse } from "./paths.ts";

const ENGINE = join(thisCourse().root, "course");
const FIXTURE = join(ENGINE, "testdata", "fixture");
/** Files of `course/` that describe the real course, not the engine. */
const FIXTURE_OWN = new Set([
  "testdata",
  "starters.json",
  "tests.json",
  "grade_entry.ts",
]);

/**
 * Make a fresh course in a temporary folder: the fixture's lessons, solutions,
 * README and starter snapshot, this engine, and `deno.json` with the fixture's
 * `test` settings. Returns its root.
 */
export async function copyOfFixture(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "bounce-fixture-" });
  await cp(FIXTURE, root, { recursive: true });
  await Deno.remove(join(root, "deno.json"));
  for await (const entry of Deno.readDir(ENGINE)) {
    // What the engine records about its own course, the fixture has of its own.
    if (FIXTURE_OWN.has(entry.name)) continue;
    await cp(join(ENGINE, entry.name), join(root, "course", entry.name), {
      recursive: true,
    });
  }
  const config = JSON.parse(
    await Deno.readTextFile(join(thisCourse().root, "deno.json")),
  );
  const fixtureConfig = JSON.parse(
    await Deno.readTextFile(join(FIXTURE, "deno.json")),
  );
  config.test = fixtureConfig.test;
  await Deno.writeTextFile(
    join(root, "deno.json"),
    JSON.stringify(config, null, 2) + "\n",
  );
  await Deno.copyFile(
    join(thisCourse().root, "deno.lock"),
    join(root, "deno.lock"),
  );
  // Made here rather than kept in the fixture: it imports engine modules that only
  // a copy has beside it, so the fixture folder itself would not type-check.
  await Deno.writeTextFile(
    join(root, GRADE_ENTRY),
    gradeEntrySource(root, await discoverLessons(coursePaths(root)), []),
  );
  return root;
}

/** Run `body` in a fresh copy of the fixture course, removing it afterwards. */
export async function inFixture(
  body: (root: string) => Promise<void>,
): Promise<void> {
  const root = await copyOfFixture();
  try {
    await body(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** What a finished command said. */
export interface Outcome {
  /** Its exit code. */
  readonly code: number;
  /** What it printed. */
  readonly stdout: string;
  /** What it printed as errors. */
  readonly stderr: string;
}

/**
 * The environment every command of a test gets: no colour; a time limit per run of
 * a lesson's tests far past anything the fixture needs, so a busy machine never
 * turns a verdict into a time-out (a test of the time limit sets its own); and not
 * started through npx, so "Next:" lines read `deno task …` even where the engine's
 * own tests run under `npx deno` (CI does).
 */
export const TEST_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  BOUNCE_TIME_LIMIT: "600",
  npm_command: "",
  npm_lifecycle_event: "",
};

/**
 * `deno task <args>` in the course at `root`, with no terminal and no colour, so
 * every answer is plain text and nothing asks. `env` adds variables.
 */
export async function task(
  root: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", ...args],
    cwd: root,
    // As from a fresh shell in `root`: `deno task` keeps an INIT_CWD it inherits
    // (from a `deno task check` around these tests) instead of setting its own.
    env: { ...TEST_ENV, INIT_CWD: root, ...env },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

/**
 * A command running in a child process, read as it prints, its input piped: for
 * the watch, and for Ctrl-C in the middle of a run.
 */
export class TaskSession {
  readonly #child: Deno.ChildProcess;
  readonly #out: ReadableStreamDefaultReader<string>;
  readonly #in: WritableStreamDefaultWriter<Uint8Array>;
  readonly #guard: ReturnType<typeof setTimeout>;
  #ended = false;
  /** Everything printed so far. */
  text = "";

  /** Start `deno task <args>` in the course at `root`. */
  constructor(root: string, args: readonly string[]) {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", ...args],
      cwd: root,
      env: TEST_ENV,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#out = this.#child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    this.#in = this.#child.stdin.getWriter();
    // Not a limit on how fast anything must be: a command that hangs fails its test
    // after ten minutes instead of hanging it.
    this.#guard = setTimeout(() => this.#child.kill("SIGKILL"), 600_000);
  }

  /** Read until the output since `from` matches `pattern`; resolves with that output. */
  async waitFor(pattern: RegExp, from = 0): Promise<string> {
    while (!pattern.test(this.text.slice(from))) {
      const { value, done } = await this.#out.read();
      if (done) {
        assert.fail(
          `the command ended before printing ${pattern}:\n${this.text}`,
        );
      }
      this.text += value;
    }
    return this.text.slice(from);
  }

  /** Type a line, as a learner without a terminal would. */
  async type(line: string): Promise<void> {
    await this.#in.write(new TextEncoder().encode(`${line}\n`));
  }

  /** Send Ctrl-C's signal. */
  interrupt(): void {
    this.#child.kill("SIGINT");
  }

  /** Close the input, read the rest, and resolve with the exit code and stderr. */
  async end(): Promise<{ code: number; stderr: string }> {
    await this.#in.close().catch(() => {});
    for (;;) {
      const { value, done } = await this.#out.read();
      if (done) break;
      this.text += value;
    }
    const stderr = await new Response(this.#child.stderr).text();
    const { code } = await this.#child.status;
    clearTimeout(this.#guard);
    this.#ended = true;
    return { code, stderr };
  }

  /**
   * With `await using`: a test that failed before {@linkcode TaskSession.end}
   * still leaves no process or timer behind.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#ended) return;
    // Ctrl-C, not a kill: `deno task` passes it on, and the engine stops its own
    // test run; a killed `deno task` would leave the engine running.
    try {
      this.#child.kill("SIGINT");
    } catch {
      // It had ended already.
    }
    await this.#in.abort().catch(() => {});
    await this.#out.cancel().catch(() => {});
    await this.#child.stderr.cancel().catch(() => {});
    await this.#child.status;
    clearTimeout(this.#guard);
    this.#ended = true;
  }
}

/**
 * The processes whose command line names `root`, once those that are ending have
 * ended: after a command has stopped, none of its test runs should be left. A
 * process told to stop may take a moment to go, so this looks again until none
 * is left or half a minute has passed (a bound for failing, not a pace to pass).
 * Linux only (it reads `/proc`); elsewhere, none.
 */
export async function processesIn(root: string): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await processesNow(root);
    if (found.length === 0 || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function processesNow(root: string): Promise<string[]> {
  const found: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir("/proc"));
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name)) continue;
    const line = await Deno.readTextFile(`/proc/${entry.name}/cmdline`).catch(
      () => "",
    );
    if (line.includes(root)) found.push(line.replaceAll("\0", " ").trim());
  }
  return found;
}

/** A line of a Deno stack trace: our commands must never print one. */
export const STACK_FRAME: RegExp = /^\s+at .*:\d+:\d+/m;
