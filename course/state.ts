/**
 * The engine's memory between commands, in `.bounce/state.json`: which hints the
 * learner has seen, and the last result of each lesson together with a fingerprint
 * of the files it ran on, so `list` need not re-run what has not changed; and, in
 * `.bounce/last-runs/`, each lesson's last run whole, so `lesson N` need not either.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { writeIfChanged } from "./files.ts";
import type { LessonOutcome } from "./lesson_run.ts";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** A lesson's last result on the learner's code. */
export interface LessonResult {
  /** Fingerprint of the files the result depends on. */
  readonly fingerprint: string;
  /** Tests that passed. */
  readonly passed: number;
  /** Tests the lesson has (those that did not run count as failed). */
  readonly total: number;
  /** Earlier lessons that ran on the reference (`--reference-deps`), by id. */
  readonly onReference?: readonly string[];
}

/** Everything the engine remembers. */
export interface CourseState {
  /** Highest hint level shown, per lesson id. */
  hintsShown: Record<string, number>;
  /** Last result per lesson id, on the learner's code throughout. */
  results: Record<string, LessonResult>;
  /** Last result per lesson id with some earlier lessons on the reference. */
  referenceDeps: Record<string, LessonResult>;
}

/** Read the state, or a fresh one if there is none (or it is unreadable). */
export async function loadState(paths: CoursePaths): Promise<CourseState> {
  try {
    const saved = JSON.parse(await Deno.readTextFile(stateFile(paths)));
    return {
      hintsShown: saved.hintsShown ?? {},
      results: saved.results ?? {},
      referenceDeps: saved.referenceDeps ?? {},
    };
  } catch {
    return { hintsShown: {}, results: {}, referenceDeps: {} };
  }
}

/** Write the state. */
export async function saveState(
  paths: CoursePaths,
  state: CourseState,
): Promise<void> {
  await Deno.mkdir(paths.state, { recursive: true });
  // Written aside and renamed, so a command reading it meanwhile never sees half.
  await writeIfChanged(stateFile(paths), JSON.stringify(state, null, 2) + "\n");
}

/** True when a result says every test passed, on the learner's code throughout. */
export function isPassing(result: LessonResult | undefined): boolean {
  return result !== undefined && result.total > 0 &&
    result.passed === result.total && (result.onReference ?? []).length === 0;
}

/** Changes whenever what `.bounce/last-runs/` keeps changes shape. */
const OUTCOME_FORMAT = "outcome-1";

/** What a run depends on besides the files: how much runs, and on whose code. */
export interface RunShape {
  /** Quick or full. */
  readonly scope: string;
  /** Lessons on the reference. */
  readonly onReference: readonly Lesson[];
}

/**
 * A fingerprint of everything a run of `lesson` depends on: every file of its folder
 * and of every earlier lesson's (their modules are its dependencies), the reference
 * of each lesson on the reference, the shared test support, the tests each lesson
 * has, the engine's harness, and `deno.json`.
 */
export async function fingerprint(
  paths: CoursePaths,
  lessons: readonly Lesson[],
  lesson: Lesson,
  shape: RunShape,
): Promise<string> {
  const dirs = [join(paths.lessons, "_support")];
  for (const earlier of lessons.filter((l) => l.number <= lesson.number)) {
    dirs.push(earlier.dir);
  }
  for (const reference of shape.onReference) dirs.push(reference.solutionDir);
  const files = [
    join(paths.root, "deno.json"),
    join(paths.root, "deno.lock"),
    join(paths.root, "course", "tests.json"),
    join(paths.root, "course", "harness.ts"),
  ];
  for (const dir of dirs) files.push(...await filesIn(dir));
  const hash = createHash("sha256");
  hash.update(
    `${OUTCOME_FORMAT}\n${shape.scope}\n${
      shape.onReference.map((l) => l.id)
    }\n`,
  );
  for (const file of files.sort()) {
    hash.update(file);
    hash.update(await Deno.readFile(file).catch(() => new Uint8Array()));
  }
  return hash.digest("hex");
}

/**
 * The last run of `lesson`, if it was made on exactly the files `print` names. Runs
 * stopped at a time limit are not kept: they depend on the machine's load.
 */
export async function readCachedOutcome(
  paths: CoursePaths,
  lesson: Lesson,
  print: string,
): Promise<LessonOutcome | undefined> {
  try {
    const saved = JSON.parse(
      await Deno.readTextFile(cacheFile(paths, lesson)),
    );
    return saved.fingerprint === print ? saved.outcome : undefined;
  } catch {
    return undefined;
  }
}

/** Keep `outcome` as the last run of `lesson` on the files `print` names. */
export async function writeCachedOutcome(
  paths: CoursePaths,
  lesson: Lesson,
  print: string,
  outcome: LessonOutcome,
): Promise<void> {
  const file = cacheFile(paths, lesson);
  if (outcome.run.kind === "timed-out") {
    await Deno.remove(file).catch(() => {});
    return;
  }
  await Deno.mkdir(join(paths.state, "last-runs"), { recursive: true });
  await writeIfChanged(
    file,
    JSON.stringify({ fingerprint: print, outcome }) + "\n",
  );
}

async function filesIn(dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile) files.push(join(dir, entry.name));
    }
  } catch {
    // A missing folder has no files; the fingerprint still changes with it.
  }
  return files;
}

function cacheFile(paths: CoursePaths, lesson: Lesson): string {
  return join(paths.state, "last-runs", `${lesson.id}.json`);
}

function stateFile(paths: CoursePaths): string {
  return join(paths.state, "state.json");
}
