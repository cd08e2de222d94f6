/**
 * The things every command starts from: where the course is, its lessons, and the
 * learner's results so far.
 *
 * @module
 */

import { discoverLessons, type Lesson } from "./lessons.ts";
import { runLesson, type RunScope, summarize } from "./lesson_run.ts";
import type { CoursePaths } from "./paths.ts";
import {
  type CourseState,
  fingerprint,
  type LessonResult,
  loadState,
  saveState,
} from "./state.ts";
import type { TestRun } from "./test_run.ts";

/** A course checkout, opened. */
export interface Course {
  /** Where everything is. */
  readonly paths: CoursePaths;
  /** Every lesson, in order. */
  readonly lessons: readonly Lesson[];
  /** What the engine remembers; save it with {@linkcode saveState} after changing it. */
  readonly state: CourseState;
}

/** Open the course at `paths`. */
export async function openCourse(paths: CoursePaths): Promise<Course> {
  return {
    paths,
    lessons: await discoverLessons(paths),
    state: await loadState(paths),
  };
}

/**
 * Run `lesson` on the learner's code and remember the result. Quick unless `scope`
 * says otherwise: the learner's loop should be fast (see `LessonMeta.quickRun`).
 * A run stopped through `signal` is not remembered: it says nothing of the code.
 */
export async function runOnLearnerCode(
  course: Course,
  lesson: Lesson,
  knownFingerprint?: string,
  scope: RunScope = "quick",
  signal?: AbortSignal,
): Promise<{ run: TestRun; result: LessonResult }> {
  const print = knownFingerprint ??
    await fingerprint(course.paths, course.lessons, lesson);
  const run = await runLesson(
    course.paths,
    course.lessons,
    lesson,
    "learner",
    scope,
    signal,
  );
  const result = summarize(run, print);
  if (signal?.aborted) return { run, result };
  course.state.results[lesson.id] = result;
  await saveState(course.paths, course.state);
  return { run, result };
}

/**
 * The learner's result for `lesson`: remembered if nothing it depends on changed
 * since, otherwise run now, in which case the run comes too.
 */
export async function currentResult(
  course: Course,
  lesson: Lesson,
  signal?: AbortSignal,
): Promise<{ result: LessonResult; run?: TestRun }> {
  const remembered = course.state.results[lesson.id];
  const print = await fingerprint(course.paths, course.lessons, lesson);
  if (remembered !== undefined && remembered.fingerprint === print) {
    return { result: remembered };
  }
  return await runOnLearnerCode(course, lesson, print, "quick", signal);
}

/** Apply `task` to every item, at most `limit` at a time, keeping the order of results. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
