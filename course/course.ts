/**
 * The things every command starts from: where the course is, its lessons, the tests
 * each has, and the learner's results so far.
 *
 * @module
 */

import { type KnownTests, readKnownTests } from "./known_tests.ts";
import { discoverLessons, type Lesson } from "./lessons.ts";
import {
  type LessonOutcome,
  type LessonRunContext,
  lessonsOnReference,
  runLesson,
  runLessonsTogether,
  type RunScope,
} from "./lesson_run.ts";
import type { CoursePaths } from "./paths.ts";
import {
  type CourseState,
  fingerprint,
  isPassing,
  type LessonResult,
  loadState,
  readCachedOutcome,
  saveState,
  writeCachedOutcome,
} from "./state.ts";

/** A course checkout, opened. */
export interface Course {
  /** Where everything is. */
  readonly paths: CoursePaths;
  /** Every lesson, in order. */
  readonly lessons: readonly Lesson[];
  /** The tests each lesson has, as recorded in `course/tests.json`. */
  readonly known: KnownTests;
  /** What the engine remembers; save it with {@linkcode saveState} after changing it. */
  readonly state: CourseState;
}

/** Open the course at `paths`. */
export async function openCourse(paths: CoursePaths): Promise<Course> {
  return {
    paths,
    lessons: await discoverLessons(paths),
    known: await readKnownTests(paths),
    state: await loadState(paths),
  };
}

/** What a lesson run needs from the course, with the lessons that pass so far. */
export function runContext(course: Course): LessonRunContext {
  return {
    paths: course.paths,
    lessons: course.lessons,
    known: course.known,
    passing: new Set(
      course.lessons
        .filter((l) => isPassing(course.state.results[l.id]))
        .map((l) => l.id),
    ),
  };
}

/** How the learner asked for a lesson to be run. */
export interface LearnerRunOptions {
  /** Quick unless asked otherwise: the learner's loop should be fast. */
  readonly scope?: RunScope;
  /** Run earlier lessons that do not pass yet on the reference. */
  readonly referenceDeps?: boolean;
  /**
   * Reuse the last run if nothing it depends on has changed since (the learner's
   * `lesson N`); a grade always runs afresh.
   */
  readonly reuse?: boolean;
  /** Stops the run; a run stopped so is not remembered: it says nothing of the code. */
  readonly signal?: AbortSignal;
}

/** A run on the learner's code, and whether it was the remembered one. */
export interface LearnerRun {
  /** The run and its verdict. */
  readonly outcome: LessonOutcome;
  /** What was remembered of it. */
  readonly result: LessonResult;
  /** True if nothing changed since the last run, so it was not run again. */
  readonly reused: boolean;
}

/** Run `lesson` on the learner's code (or reuse the last run) and remember the result. */
export async function runOnLearnerCode(
  course: Course,
  lesson: Lesson,
  options: LearnerRunOptions = {},
): Promise<LearnerRun> {
  const scope = options.scope ?? "quick";
  const mode = options.referenceDeps ? "reference-deps" : "learner";
  const context = runContext(course);
  const print = await fingerprint(course.paths, course.lessons, lesson, {
    scope: scopeOf(lesson, scope),
    onReference: lessonsOnReference(context, lesson, mode),
  });
  if (options.reuse) {
    const cached = await readCachedOutcome(course.paths, lesson, print);
    if (cached !== undefined) {
      return { outcome: cached, result: resultOf(cached, print), reused: true };
    }
  }
  const outcome = await runLesson(context, lesson, mode, scope, options.signal);
  if (!options.signal?.aborted) await remember(course, lesson, outcome, print);
  return { outcome, result: resultOf(outcome, print), reused: false };
}

/**
 * The learner's result for `lesson`: remembered if nothing it depends on changed
 * since, otherwise run now, in which case the run comes too.
 */
export async function currentResult(
  course: Course,
  lesson: Lesson,
  signal?: AbortSignal,
): Promise<{ result: LessonResult; outcome?: LessonOutcome }> {
  const print = await learnerFingerprint(course, lesson);
  const remembered = course.state.results[lesson.id];
  if (remembered !== undefined && remembered.fingerprint === print) {
    return { result: remembered };
  }
  const { outcome, result } = await runOnLearnerCode(course, lesson, {
    signal,
  });
  return { result, outcome };
}

/**
 * The learner's result for every lesson, running again only those whose files changed
 * since their last run, together in as few runs as their permissions allow.
 */
export async function currentResults(
  course: Course,
): Promise<LessonResult[]> {
  const prints = await Promise.all(
    course.lessons.map((l) => learnerFingerprint(course, l)),
  );
  const stale = course.lessons.filter((l, i) =>
    course.state.results[l.id]?.fingerprint !== prints[i]
  );
  if (stale.length > 0) {
    const outcomes = await runLessonsTogether(runContext(course), stale);
    await mapConcurrently(stale, 2, async (lesson) => {
      const outcome = outcomes.get(lesson.id) ??
        await runLesson(runContext(course), lesson, "learner", "quick");
      outcomes.set(lesson.id, outcome);
    });
    for (const lesson of stale) {
      const outcome = outcomes.get(lesson.id);
      if (outcome === undefined) continue;
      await remember(
        course,
        lesson,
        outcome,
        prints[course.lessons.indexOf(lesson)],
      );
    }
  }
  return course.lessons.map((l, i) =>
    course.state.results[l.id] ??
      { fingerprint: prints[i], passed: 0, total: 0 }
  );
}

/** A lesson without a quick run runs the same tests either way. */
function scopeOf(lesson: Lesson, scope: RunScope): RunScope {
  return lesson.meta.quickRun === undefined ? "full" : scope;
}

/** The fingerprint a plain run of `lesson` on the learner's code is remembered by. */
export function learnerFingerprint(
  course: Course,
  lesson: Lesson,
): Promise<string> {
  return fingerprint(course.paths, course.lessons, lesson, {
    scope: scopeOf(lesson, "quick"),
    onReference: [],
  });
}

function resultOf(outcome: LessonOutcome, print: string): LessonResult {
  return {
    fingerprint: print,
    passed: outcome.verdict.passed,
    total: outcome.verdict.total,
    ...(outcome.onReference.length > 0
      ? { onReference: outcome.onReference }
      : {}),
  };
}

async function remember(
  course: Course,
  lesson: Lesson,
  outcome: LessonOutcome,
  print: string,
): Promise<void> {
  const result = resultOf(outcome, print);
  // A run on reference deps says nothing final about the learner's own code: it is
  // kept apart, and `list` shows it as such, never as "done".
  if (outcome.onReference.length > 0) {
    course.state.referenceDeps[lesson.id] = result;
  } else {
    course.state.results[lesson.id] = result;
  }
  await saveState(course.paths, course.state);
  await writeCachedOutcome(course.paths, lesson, print, outcome);
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
