/**
 * Running one lesson's tests in one of the ways the course needs, by choosing which
 * lessons are swapped for their reference through an import map, and judging the run
 * against the tests the lesson has.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { referenceMap, writeImportMap } from "./import_map.ts";
import { expectedTests, type KnownTests } from "./known_tests.ts";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";
import {
  checkTypes,
  LEARNER_TEST_LIMIT_MS,
  RUN_TIME_LIMIT_MS,
  runTests,
  type TestRun,
} from "./test_run.ts";
import { judge, type Verdict } from "./verdict.ts";

/**
 * Which code a lesson's tests run on:
 * - `learner`: the learner's code everywhere;
 * - `reference-deps`: the learner's code for this lesson and for every earlier lesson
 *   that passes; the reference for the earlier lessons that do not;
 * - `starter`: this lesson as it is, every other lesson on the reference (the authoring
 *   check runs it on a pristine checkout, where "as it is" is the starter);
 * - `reference`: the reference everywhere.
 */
export type RunMode = "learner" | "reference-deps" | "starter" | "reference";

/**
 * How much of a lesson's tests to run: `quick` passes the lesson's quick-run
 * arguments, if it has any (see `LessonMeta.quickRun`); `full` runs everything.
 */
export type RunScope = "quick" | "full";

/** What running a lesson came to. */
export interface LessonOutcome {
  /** The run as Deno reported it. */
  readonly run: TestRun;
  /** The lesson's tests, judged. */
  readonly verdict: Verdict;
  /** Lessons whose reference stood in for the learner's code, by id. */
  readonly onReference: readonly string[];
}

/** What a run of a lesson needs besides the lesson. */
export interface LessonRunContext {
  /** Where the course is. */
  readonly paths: CoursePaths;
  /** Every lesson. */
  readonly lessons: readonly Lesson[];
  /** The tests each lesson has. */
  readonly known: KnownTests;
  /** Ids of the lessons that pass on the learner's code (for `reference-deps`). */
  readonly passing?: ReadonlySet<string>;
}

/** Which lessons a run of `lesson` in `mode` puts on the reference. */
export function lessonsOnReference(
  context: LessonRunContext,
  lesson: Lesson,
  mode: RunMode,
): Lesson[] {
  return context.lessons.filter((other) => {
    switch (mode) {
      case "learner":
        return false;
      case "reference-deps":
        return other.number < lesson.number &&
          !(context.passing?.has(other.id) ?? false);
      case "starter":
        return other.number !== lesson.number;
      case "reference":
        return true;
    }
  });
}

/** Run `lesson`'s tests in `mode` and judge them; aborting `signal` stops the run. */
export async function runLesson(
  context: LessonRunContext,
  lesson: Lesson,
  mode: RunMode,
  scope: RunScope = "full",
  signal?: AbortSignal,
): Promise<LessonOutcome> {
  const { paths } = context;
  const onReference = lessonsOnReference(context, lesson, mode);
  const expected = expectedTests(context.known, lesson, scope);
  const done = (run: TestRun): LessonOutcome => ({
    run,
    verdict: judge(paths.root, lesson, run, expected),
    onReference: onReference.map((l) => l.id),
  });
  const missing = missingReferences(paths, onReference);
  if (missing.length > 0) {
    return done({
      kind: "failed-to-start",
      cause: "missing-reference",
      message: `The course's reference is missing ${
        missing.join(", ")
      }. This is a problem with the course, not with your code.`,
    });
  }
  const label = `${lesson.id}.${mode}`;
  const importMap = onReference.length === 0 ? undefined : await writeImportMap(
    paths,
    label,
    await referenceMap(paths, onReference),
  );
  // Runs on the learner's code keep a per-test limit, so one endless loop does not
  // hide the other tests. So does the starter's run in the authoring check, where
  // tripping it only fails a test that must fail anyway. The reference's run has only
  // the run's limit, far above what it needs: a loaded machine cannot fail it.
  const checking = mode === "starter" || mode === "reference";
  const run = await runTests(paths, {
    files: lesson.tests.map((test) => join(lesson.dir, test)),
    permissions: lesson.meta.permissions,
    importMap,
    label,
    testArgs: scope === "quick" ? lesson.meta.quickRun?.args : undefined,
    timeLimitMs: checking
      ? CHECK_TIME_LIMIT_MS
      : lesson.meta.timeLimitSeconds === undefined
      ? undefined
      : lesson.meta.timeLimitSeconds * 1000,
    perTestTimeoutMs: mode === "reference" ? undefined : LEARNER_TEST_LIMIT_MS,
    // The learner waits for this answer: type-check beside the run, not before it.
    typeCheck: checking ? "inline" : "apart",
    signal,
  });
  return done(run);
}

/**
 * Run several lessons on the learner's code (quick scope) in as few `deno test` runs
 * as their permissions allow: lessons that need the same permissions share one run
 * and one worker, and all share one type-check. A shared run that does not come back
 * as a clean test report (a time limit, an error outside any test), or any type
 * error, says nothing certain about each lesson; those lessons are left out of the
 * answer, for the caller to run one by one.
 */
export async function runLessonsTogether(
  context: LessonRunContext,
  lessons: readonly Lesson[],
): Promise<Map<string, LessonOutcome>> {
  const groups = new Map<string, Lesson[]>();
  for (const lesson of lessons) {
    const key = JSON.stringify(lesson.meta.permissions) +
      JSON.stringify(lesson.meta.quickRun?.args ?? []);
    groups.set(key, [...groups.get(key) ?? [], lesson]);
  }
  const outcomes = new Map<string, LessonOutcome>();
  // One type-check for them all, alongside the runs, which skip their own.
  const typeErrors = checkTypes(
    context.paths,
    "together-check",
    lessons.flatMap((l) => l.tests.map((t) => join(l.dir, t))),
  );
  const runs = Promise.all(
    [...groups.values()].map(async (group, i) => {
      const run = await runTests(context.paths, {
        files: group.flatMap((l) => l.tests.map((t) => join(l.dir, t))),
        permissions: group[0].meta.permissions,
        label: `together-${i}`,
        testArgs: group[0].meta.quickRun?.args,
        timeLimitMs: group.reduce(
          (sum, l) =>
            sum +
            (l.meta.timeLimitSeconds === undefined
              ? RUN_TIME_LIMIT_MS
              : l.meta.timeLimitSeconds * 1000),
          0,
        ),
        perTestTimeoutMs: LEARNER_TEST_LIMIT_MS,
        typeCheck: "none",
      });
      if (run.kind !== "tested" || run.loadErrors.length > 0) return;
      for (const lesson of group) {
        // Deno names a test's file after where `Deno.test` was called, which the
        // harness hides; test names are unique across the course (check sees to it).
        const expected = expectedTests(context.known, lesson, "quick");
        const names = new Set(Object.values(expected ?? {}).flat());
        const own = run.cases.filter((c) =>
          expected === undefined
            ? join(context.paths.root, c.file).startsWith(lesson.dir + "/")
            : names.has(c.name)
        );
        const lessonRun: TestRun = { ...run, cases: own };
        outcomes.set(lesson.id, {
          run: lessonRun,
          verdict: judge(
            context.paths.root,
            lesson,
            lessonRun,
            expectedTests(context.known, lesson, "quick"),
          ),
          onReference: [],
        });
      }
    }),
  );
  const [errors] = await Promise.all([typeErrors, runs]);
  return errors.length > 0 ? new Map() : outcomes;
}

/**
 * The time limit of the authoring check's runs: only a guard against a hang, far
 * above what any lesson needs even on a loaded machine.
 */
export const CHECK_TIME_LIMIT_MS = 600_000;

/** Reference modules that `onReference` needs and that are not there. */
function missingReferences(
  paths: CoursePaths,
  onReference: readonly Lesson[],
): string[] {
  return onReference.flatMap((lesson) =>
    lesson.modules
      .map((module) => join(lesson.solutionDir, module))
      .filter((file) => !existsSync(file))
      .map((file) => relative(paths.root, file))
  );
}
