/**
 * `deno task run [FILE.lox] [--reference] [--time-limit S]`: run a Lox script on the
 * runtime built from the learner's lessons (or the reference's), in a child Deno
 * with the least it needs: reading the script, TCP on 127.0.0.1, and a heap limit.
 * Without FILE, a REPL. Exit codes are clox's: 65 for a compile error, 70 for a
 * runtime error, 64 for bad usage, 74 for a file that cannot be read.
 *
 * Stdout is the script's alone: everything this command says goes to stderr, so
 * `deno task run x.lox > out.txt` captures exactly what the program printed.
 *
 * @module
 */

import { join, resolve } from "node:path";
import type { Course } from "../course.ts";
import { referenceMap, writeImportMap } from "../import_map.ts";
import { lessonsReady } from "../runtime_ready.ts";
import { red } from "../style.ts";

/** The script runner, from the course root: what the child Deno runs. */
const RUNNER = "runtime/lox/main.ts";

/** The child's heap, in MB: a script that fills it ends with a message, not a crash log. */
export const HEAP_LIMIT_MB = 1024;

/** A script that computes this long without waiting is stopped, unless told otherwise. */
export const DEFAULT_TIME_LIMIT_S = 10;

/** What `run` was asked to do. */
export interface RunCommandOptions {
  /** Run on the reference solution of every lesson. */
  readonly reference?: boolean;
  /** Seconds of computing without waiting before the script is stopped; 0 for none. */
  readonly timeLimit?: string;
}

/** Run `file` (or a REPL) and resolve with the exit code the script ended with. */
export async function runCommand(
  course: Course,
  file: string | undefined,
  options: RunCommandOptions,
): Promise<number> {
  const limitText = options.timeLimit ?? String(DEFAULT_TIME_LIMIT_S);
  // Plain decimals only: Number() would read "" as 0 (no limit at all) and "0x10" as 16.
  const limit = SECONDS.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 0) || limit === Infinity) {
    console.error(
      red(
        `--time-limit takes seconds (0 for none), not "${options.timeLimit}".`,
      ),
    );
    return 64;
  }
  // `deno task` runs in the course root; a path the user typed is from where they were.
  const path = file === undefined
    ? undefined
    : resolve(Deno.env.get("INIT_CWD") ?? Deno.cwd(), file);
  if (path !== undefined && !await readable(path)) {
    console.error(`Could not open file "${file}".`);
    return 74;
  }
  if (!options.reference) {
    const ready = await lessonsReady(course, [RUNNER], {
      what: "Lox scripts run",
      instead: `run --reference${file === undefined ? "" : ` ${file}`}`,
      insteadSays: "to run it on the reference runtime",
      log: console.error,
    });
    if (!ready) return 1;
  }
  const mapArgs = options.reference
    ? [
      `--import-map=${await writeImportMap(
        course.paths,
        "run",
        await referenceMap(course.paths, course.lessons),
      )}`,
    ]
    : [];
  const script = path === undefined ? undefined : await grantable(course, path);
  const args = [
    "run",
    "--quiet",
    "--no-prompt",
    `--v8-flags=--max-old-space-size=${HEAP_LIMIT_MB}`,
    "--allow-net=127.0.0.1",
    ...(script === undefined ? [] : [`--allow-read=${script}`]),
    ...mapArgs,
    join(course.paths.root, RUNNER),
    `--time-limit=${limit}`,
    ...(script === undefined ? [] : [script]),
  ];
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: course.paths.root,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  using _ = passOnStopSignals(child);
  const [status, crashed] = await Promise.all([
    child.status,
    forwardStderr(child.stderr),
  ]).finally(async () => {
    if (script !== path && script !== undefined) await Deno.remove(script);
  });
  if (crashed || status.signal === "SIGTRAP" || status.signal === "SIGABRT") {
    console.error(
      red(
        `The script ran out of memory (the limit is ${HEAP_LIMIT_MB} MB) and was stopped.`,
      ),
    );
    return 70;
  }
  if (status.signal === "SIGINT" || status.signal === "SIGTERM") return 130;
  return status.code;
}

/** A number of seconds as a user writes one: `10`, `2.5`, `.5`. */
const SECONDS = /^\s*(\d+\.?\d*|\.\d+)\s*$/;

/** The signals that stop a child: Ctrl-C's and `kill`'s. */
const STOP_SIGNALS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM"];

/**
 * Until disposed, pass a SIGINT or SIGTERM of this process on to `child` as a
 * SIGTERM. A Ctrl-C reaches the whole terminal group, but a `kill` of this process
 * alone would leave the child running with no one to stop it.
 */
export function passOnStopSignals(child: Deno.ChildProcess): Disposable {
  const stop = () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // It has ended already.
    }
  };
  for (const signal of STOP_SIGNALS) Deno.addSignalListener(signal, stop);
  return {
    [Symbol.dispose]() {
      for (const signal of STOP_SIGNALS) {
        Deno.removeSignalListener(signal, stop);
      }
    },
  };
}

/**
 * `path`, or a copy of it in the engine's state folder if its name has a comma:
 * Deno splits `--allow-read` at commas, with no way to escape one.
 */
async function grantable(course: Course, path: string): Promise<string> {
  if (!path.includes(",")) return path;
  const folder = join(course.paths.state, "run");
  await Deno.mkdir(folder, { recursive: true });
  // A name of its own, so that two runs at once do not share one copy.
  const copy = await Deno.makeTempFile({ dir: folder, suffix: ".lox" });
  await Deno.copyFile(path, copy);
  return copy;
}

/** True if `path` is a file this process can read. */
async function readable(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) return false;
    (await Deno.open(path)).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Copy the child's stderr to ours as it comes (a REPL's prompt has no newline), except
 * V8's report of a heap that ran out (its "Last few GCs" log and native stack), which
 * is noise to a Lox programmer; resolve with whether that report began.
 *
 * @param write where the text goes (our stderr; a test collects it instead).
 */
export async function forwardStderr(
  stream: ReadableStream<Uint8Array>,
  write: (text: string) => Promise<void> = writeErr,
): Promise<boolean> {
  const decoder = new TextDecoder();
  let crashed = false;
  let tail = ""; // the end of what came before, in case a marker is cut in two
  for await (const chunk of stream) {
    if (crashed) continue;
    const text = decoder.decode(chunk, { stream: true });
    const marker = (tail + text).search(OUT_OF_MEMORY);
    if (marker >= 0) {
      await write(text.slice(0, Math.max(0, marker - tail.length)));
      crashed = true;
    } else {
      await write(text);
      tail = (tail + text).slice(-40);
    }
  }
  return crashed;
}

/** How V8's report of a full heap begins, with the blank line it puts before it. */
const OUT_OF_MEMORY =
  /\n?(?:<--- Last few GCs --->|Fatal JavaScript|FATAL ERROR:)/;

async function writeErr(text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) {
    written += await Deno.stderr.write(bytes.subarray(written));
  }
}
