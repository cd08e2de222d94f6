/**
 * `deno task bench [--mine]`: the runtime's benchmarks, each beside its native Deno
 * equivalent in the same `deno bench` run, then memory per task and per timer. On the
 * reference solution by default; `--mine` measures the runtime built from your
 * lessons, once every lesson it is built from passes.
 *
 * @module
 */

import { join, relative } from "node:path";
import { type Course, currentResults } from "../course.ts";
import { referenceMap, writeImportMap } from "../import_map.ts";
import { task } from "../launcher.ts";
import type { Lesson } from "../lessons.ts";
import { isPassing } from "../state.ts";
import { bold, cyan, red } from "../style.ts";
import { runDeno } from "../test_run.ts";

/** Where the benchmarks are, from the course root. */
const BENCH_DIR = "runtime/bench";

/** Run the benchmarks and the memory readings; resolves with the exit code. */
export async function benchCommand(
  course: Course,
  options: { readonly mine?: boolean },
): Promise<number> {
  if (options.mine && !await lessonsReady(course)) return 1;
  const mapArgs = options.mine ? [] : [
    `--import-map=${await writeImportMap(
      course.paths,
      "bench",
      await referenceMap(course.paths, course.lessons),
    )}`,
  ];
  console.log(
    options.mine
      ? "Benchmarking the runtime built from your lessons, against native Deno."
      : "Benchmarking the reference runtime, against native Deno (--mine for yours).",
  );
  const steps = [
    [
      "bench",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      ...mapArgs,
      `${BENCH_DIR}/`,
    ],
    [
      "run",
      "--no-prompt",
      "--v8-flags=--expose-gc",
      ...mapArgs,
      `${BENCH_DIR}/memory.ts`,
    ],
  ];
  for (const args of steps) {
    const { success } = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: course.paths.root,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!success) return 1;
  }
  return 0;
}

/**
 * Say which lessons `--mine` runs on, and whether they all pass; a benchmark of a
 * runtime with unfinished parts would only end in their "not implemented" errors.
 */
async function lessonsReady(course: Course): Promise<boolean> {
  const needed = await lessonsUsedBy(course);
  const numbers = needed.map((l) => l.id.slice(0, 2)).join(", ");
  console.log(
    `The benchmarks run on your lessons ${numbers}; checking that they pass…`,
  );
  const results = await currentResults(course);
  const failing = needed.filter((l) =>
    !isPassing(results[course.lessons.indexOf(l)])
  );
  if (failing.length === 0) return true;
  console.log(red(bold(
    `Not yet: ${failing.length} of the ${needed.length} lessons the benchmarks need do not pass.`,
  )));
  for (const lesson of failing) {
    const result = results[course.lessons.indexOf(lesson)];
    console.log(
      `  ${lesson.id}  ${result.passed}/${result.total} tests pass`,
    );
  }
  console.log(
    `Next: ${cyan(task(`lesson ${failing[0].number}`))}; or ${
      cyan(task("bench"))
    } to benchmark the reference runtime.`,
  );
  return false;
}

/** The lessons whose modules the benchmarks import, directly or not. */
async function lessonsUsedBy(course: Course): Promise<Lesson[]> {
  const dir = join(course.paths.root, BENCH_DIR);
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ts")) {
      files.push(relative(course.paths.root, join(dir, entry.name)));
    }
  }
  const graphs = await Promise.all(
    files.map((file) =>
      runDeno(course.paths.root, ["info", "--json", file], 120_000)
    ),
  );
  const used = new Set<string>();
  for (const graph of graphs) {
    for (const match of graph.stdout.matchAll(/\/lessons\/(\d\d-[^/]+)\//g)) {
      used.add(match[1]);
    }
  }
  // If the graph could not be read, every lesson is needed: the safe answer.
  const needed = course.lessons.filter((l) => used.has(l.id));
  return needed.length > 0 ? needed : [...course.lessons];
}
