/**
 * `deno task workflow COMMAND … [--reference]`: durable workflows (runtime/workflow/)
 * on the runtime built from the learner's lessons, or with `--reference` on the
 * reference's, in a child Deno. The child's command line is the engine's own
 * (`runtime/workflow/main.ts`); this adds the course around it: the default store
 * in the course's `.bounce/`, paths from where the user typed the command, the
 * lessons-ready check, and the permissions.
 *
 * The child may:
 * - read anywhere: a worker imports each TypeScript workflow's module from the file
 *   it was started from, wherever that is, with whatever the module imports;
 * - write only the store's folder (SQLite writes the store and its `-wal` and
 *   `-shm` files beside it); a workflow whose steps write files elsewhere must be
 *   run with `deno run` and permissions of the user's choosing;
 * - reach 127.0.0.1 (a workflow's steps and Lox scripts talk to local services);
 * - ask the host's name (a worker's name in the store: host, pid, tag);
 * - read the two test hooks' variables, and nothing else of the environment.
 *
 * @module
 */

import { dirname, join, resolve } from "node:path";
import type { Course } from "../course.ts";
import { referenceMap, writeImportMap } from "../import_map.ts";
import { lessonsReady } from "../runtime_ready.ts";
import { red } from "../style.ts";
import { passOnStopSignals } from "./run.ts";

/** The workflow command, from the course root: what the child Deno runs. */
const ENTRY = "runtime/workflow/main.ts";

/** The subcommands that run lesson code (compile Lox, run workflows). */
const RUNS_LESSONS = new Set(["start", "worker"]);

/** The subcommands that take `--db`: the child's own. */
const SUBCOMMANDS = new Set([
  "start",
  "worker",
  "list",
  "show",
  "signal",
  "cancel",
]);

/** Run the workflow command line `args`; resolve with its exit code. */
export async function workflowCommand(
  course: Course,
  args: readonly string[],
): Promise<number> {
  const { reference, rest } = takeReference(args);
  const [name] = rest;
  // `deno task` runs in the course root; paths the user typed are from where they were.
  const cwd = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const given = dbFlag(rest);
  const db = given === undefined
    ? join(course.paths.state, "workflows.db")
    : resolve(cwd, given);
  const childArgs = given === undefined && SUBCOMMANDS.has(name)
    ? [name, `--db=${db}`, ...rest.slice(1)]
    : rest;
  if (dirname(db).includes(",")) {
    console.error(
      red(
        `The store's folder ${
          dirname(db)
        } has a comma, which Deno's permission list cannot hold; use --db elsewhere.`,
      ),
    );
    return 64;
  }
  if (given === undefined) {
    await Deno.mkdir(course.paths.state, { recursive: true });
  }
  if (!reference && RUNS_LESSONS.has(name)) {
    const ready = await lessonsReady(course, [ENTRY], {
      what: "Workflows run",
      instead: `workflow ${rest.join(" ")} --reference`,
      insteadSays: "to use the reference runtime",
      log: console.error,
    });
    if (!ready) return 1;
  }
  const mapArgs = reference
    ? [
      `--import-map=${await writeImportMap(
        course.paths,
        "workflow",
        await referenceMap(course.paths, course.lessons),
      )}`,
    ]
    : [];
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--allow-read",
      `--allow-write=${dirname(db)}`,
      "--allow-net=127.0.0.1",
      "--allow-sys=hostname",
      "--allow-env=BOUNCE_WORKFLOW_FAULTS,BOUNCE_WORKFLOW_LEASE_MS",
      ...mapArgs,
      join(course.paths.root, ENTRY),
      ...childArgs,
    ],
    cwd,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  using _ = passOnStopSignals(child);
  const status = await child.status;
  if (status.signal !== null) return 130;
  return status.code;
}

/** `args` without `--reference` (which is this command's, not the child's). */
function takeReference(
  args: readonly string[],
): { reference: boolean; rest: string[] } {
  const end = args.indexOf("--");
  const flags = end < 0 ? args : args.slice(0, end);
  const rest = flags.filter((arg) => arg !== "--reference");
  return {
    reference: rest.length < flags.length,
    rest: end < 0 ? rest : [...rest, ...args.slice(end)],
  };
}

/** The value of `--db` in `args`, as typed, if given. */
function dbFlag(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") return undefined;
    if (args[i].startsWith("--db=")) return args[i].slice("--db=".length);
    if (args[i] === "--db" && i + 1 < args.length) return args[i + 1];
  }
  return undefined;
}
