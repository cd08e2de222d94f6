/**
 * Whether the runtime built from the learner's lessons is complete enough for a
 * command that runs it (`bench --mine`, `run`): every lesson its modules import
 * passes. A runtime with unfinished parts would only end in their "not implemented"
 * errors, so such a command says which lessons to finish instead.
 *
 * @module
 */

import { type Course, currentResults } from "./course.ts";
import { task } from "./launcher.ts";
import type { Lesson } from "./lessons.ts";
import { isPassing } from "./state.ts";
import { bold, cyan, red } from "./style.ts";
import { runDeno } from "./test_run.ts";

/** How to word the answer. */
export interface ReadyWording {
  /** What needs the lessons, e.g. "The benchmarks run". */
  readonly what: string;
  /** The task to suggest instead, e.g. `bench` or `run --reference x.lox`. */
  readonly instead: string;
  /** What that task does, e.g. "to benchmark the reference runtime". */
  readonly insteadSays: string;
  /** Where to write (stdout unless given). */
  readonly log?: (line: string) => void;
}

/**
 * Say which lessons the modules `entries` (paths from the course root) are built
 * from, and whether they all pass; resolve with whether they do.
 */
export async function lessonsReady(
  course: Course,
  entries: readonly string[],
  wording: ReadyWording,
): Promise<boolean> {
  const log = wording.log ?? console.log;
  const needed = await lessonsUsedBy(course, entries);
  const numbers = needed.map((l) => l.id.slice(0, 2)).join(", ");
  log(`${wording.what} on your lessons ${numbers}; checking that they pass…`);
  const results = await currentResults(course);
  const failing = needed.filter((l) =>
    !isPassing(results[course.lessons.indexOf(l)])
  );
  if (failing.length === 0) return true;
  log(red(bold(
    `Not yet: ${failing.length} of the ${needed.length} lessons needed do not pass.`,
  )));
  for (const lesson of failing) {
    const result = results[course.lessons.indexOf(lesson)];
    log(`  ${lesson.id}  ${result.passed}/${result.total} tests pass`);
  }
  log(
    `Next: ${cyan(task(`lesson ${failing[0].number}`))}; or ${
      cyan(task(wording.instead))
    } ${wording.insteadSays}.`,
  );
  return false;
}

/** The lessons whose modules `entries` import, directly or not. */
async function lessonsUsedBy(
  course: Course,
  entries: readonly string[],
): Promise<Lesson[]> {
  const graphs = await Promise.all(
    entries.map((file) =>
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
