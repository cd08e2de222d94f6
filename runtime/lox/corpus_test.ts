/**
 * The Lox conformance corpus: every program in `corpus/` runs in process through
 * `runLox` and must print, report errors and exit exactly as its comments say (the
 * format is in `corpus/expectations.ts`). A second pass snapshots and restores the
 * fiber every K instructions, for several K, and expects the very same results.
 *
 * Needs `--allow-read=runtime/lox/corpus` and nothing else. `runLox` runs on the
 * lessons' modules, so with the reference import map (as `deno task check` builds
 * it) this is the reference's conformance; without it, the learner's.
 *
 * @module
 */

import {
  differences,
  type Expectations,
  type Outcome,
  parseExpectations,
} from "./corpus/expectations.ts";
import { limitPrograms } from "./corpus/generate.ts";
import { type LoxIo, type LoxRunOptions, runLox } from "./interpret.ts";

/** Where the programs live: one folder per feature. */
const CORPUS = new URL("./corpus/", import.meta.url);

/** The corpus folders, each a `Deno.test`; a test below keeps this list honest. */
const FOLDERS = [
  "assignment",
  "block",
  "bool",
  "call",
  "channel",
  "class",
  "closure",
  "comments",
  "constructor",
  "field",
  "for",
  "function",
  "if",
  "inheritance",
  "limit",
  "logical_operator",
  "method",
  "nil",
  "number",
  "operator",
  "print",
  "regression",
  "return",
  "scanning",
  "sleep",
  "spawn",
  "string",
  "super",
  "this",
  "timeout",
  "unexpected_character",
  "variable",
  "while",
] as const;

/** Snapshot-and-restore intervals of the stress pass, in instructions. */
const SNAPSHOT_INTERVALS = [1, 7, 100] as const;

/**
 * Programs that run tens of thousands of instructions (the limit folder's, over
 * chunks of tens of kilobytes; a task spinning until its timeout): a snapshot every
 * few instructions would take them from milliseconds to minutes, so they take part
 * only from the given interval up. Keys are path prefixes.
 */
const HEAVY: ReadonlyMap<string, number> = new Map([
  ["limit/", 100],
  ["spawn/spinning_task_does_not_starve.lox", 100],
]);

/** The smallest snapshot interval a program takes part in. */
function smallestInterval(path: string): number {
  for (const [prefix, from] of HEAVY) {
    if (path.startsWith(prefix)) return from;
  }
  return 1;
}

/** An error's message, whatever was thrown. */
function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function run(
  source: string,
  options: LoxRunOptions,
): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const io: LoxIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  };
  const exitCode = await runLox(source, io, options);
  return { stdout, stderr, exitCode };
}

/** One program of the corpus, read and understood. */
interface Program {
  /** Path from the corpus folder, as a failure names it: `closure/counter.lox`. */
  readonly path: string;
  readonly source: string;
  readonly expected: Expectations;
}

async function programsOf(folder: string): Promise<Program[]> {
  const dir = new URL(`${folder}/`, CORPUS);
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".lox")) names.push(entry.name);
  }
  const programs: Program[] = [];
  for (const name of names.sort()) {
    const source = await Deno.readTextFile(new URL(name, dir));
    const path = `${folder}/${name}`;
    try {
      programs.push({ path, source, expected: parseExpectations(source) });
    } catch (error) {
      throw new Error(`runtime/lox/corpus/${path}: ${message(error)}`);
    }
  }
  return programs;
}

/** Run one program; a failure message naming it, or undefined when it passes. */
async function check(
  program: Program,
  options: LoxRunOptions,
): Promise<string | undefined> {
  let outcome: Outcome;
  try {
    outcome = await run(program.source, options);
  } catch (error) {
    const stack = error instanceof Error ? error.stack : String(error);
    return `runtime/lox/corpus/${program.path}: runLox threw\n${stack}`;
  }
  const found = differences(program.expected, outcome);
  if (found.length === 0) return undefined;
  return `runtime/lox/corpus/${program.path} (${JSON.stringify(options)}):\n${
    found.join("\n")
  }`;
}

const corpusPath = new URL(CORPUS).pathname;
const readable =
  Deno.permissions.querySync({ name: "read", path: corpusPath }).state ===
    "granted";
const permissions: Deno.PermissionOptions = { read: [corpusPath] };

Deno.test({
  name: "lox corpus: every folder of corpus/ has its test, none is empty",
  ignore: !readable,
  permissions,
  async fn() {
    const found: string[] = [];
    for await (const entry of Deno.readDir(CORPUS)) {
      if (entry.isDirectory) found.push(entry.name);
    }
    const expected: readonly string[] = FOLDERS;
    const unknown = found.filter((name) => !expected.includes(name));
    const absent = expected.filter((name) => !found.includes(name));
    if (unknown.length > 0 || absent.length > 0) {
      throw new Error(
        `corpus folders and FOLDERS in corpus_test.ts disagree: not listed ${
          JSON.stringify(unknown)
        }, missing ${JSON.stringify(absent)}`,
      );
    }
    for (const folder of FOLDERS) {
      if ((await programsOf(folder)).length === 0) {
        throw new Error(`runtime/lox/corpus/${folder} has no .lox program`);
      }
    }
  },
});

Deno.test({
  name: "lox corpus: the limit programs are what corpus/generate.ts writes",
  ignore: !readable,
  permissions,
  async fn() {
    const stale: string[] = [];
    for (const [name, source] of limitPrograms()) {
      const written = await Deno.readTextFile(new URL(`limit/${name}`, CORPUS))
        .catch(() => undefined);
      if (written !== source) stale.push(name);
    }
    if (stale.length > 0) {
      throw new Error(
        `corpus/limit/ differs from generate.ts for ${
          stale.join(", ")
        }; run: deno run --allow-write=runtime/lox/corpus/limit runtime/lox/corpus/generate.ts`,
      );
    }
  },
});

if (!readable) {
  Deno.test("lox corpus: the runner may read runtime/lox/corpus", () => {
    throw new Error(
      `the Lox corpus runner needs --allow-read=${corpusPath}; run it with that permission`,
    );
  });
} else {
  for (const folder of FOLDERS) {
    Deno.test({
      name: `lox corpus: ${folder}`,
      permissions,
      async fn(t) {
        for (const program of await programsOf(folder)) {
          await t.step(program.path, async () => {
            const failure = await check(program, { clock: "virtual" });
            if (failure !== undefined) throw new Error(failure);
          });
        }
      },
    });
  }

  for (const every of SNAPSHOT_INTERVALS) {
    Deno.test({
      name:
        `lox corpus: identical results when snapshotted every ${every} instructions`,
      permissions,
      async fn(t) {
        for (const folder of FOLDERS) {
          const programs = await programsOf(folder);
          const spared = programs.filter((p) =>
            smallestInterval(p.path) > every
          );
          const label = spared.length === 0
            ? folder
            : `${folder} (${spared.length} heavy program(s) only at larger intervals)`;
          // Every program here is too heavy to snapshot this often.
          if (spared.length === programs.length) continue;
          await t.step(label, async () => {
            const failures: string[] = [];
            for (const program of programs) {
              if (spared.includes(program)) continue;
              const failure = await check(program, {
                clock: "virtual",
                snapshotEvery: every,
              });
              if (failure !== undefined) failures.push(failure);
            }
            if (failures.length > 0) throw new Error(failures.join("\n\n"));
          });
        }
      },
    });
  }
}
