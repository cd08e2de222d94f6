/**
 * Running one lesson's tests in one of the ways the course needs, by choosing which
 * lessons are swapped for their reference through an import map.
 *
 * @module
 */

import { join } from "node:path";
import { referenceMap, writeImportMap } from "./import_map.ts";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";
import type { LessonResult } from "./state.ts";
import { runTests, type TestRun } from "./test_run.ts";

/**
 * Which code a lesson's tests run on:
 * - `learner`: the learner's code everywhere;
 * - `reference-deps`: the learner's code for this lesson, the reference for earlier ones;
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

/** Run `lesson`'s tests in `mode`; aborting `signal` stops the run. */
export async function runLesson(
  paths: CoursePaths,
  lessons: readonly Lesson[],
  lesson: Lesson,
  mode: RunMode,
  scope: RunScope = "full",
  signal?: AbortSignal,
): Promise<TestRun> {
  const onReference = lessons.filter((other) => {
    switch (mode) {
      case "learner":
        return false;
      case "reference-deps":
        return other.number < lesson.number;
      case "starter":
        return other.number !== lesson.number;
      case "reference":
        return true;
    }
  });
  const label = `${lesson.id}.${mode}`;
  const importMap = onReference.length === 0 ? undefined : await writeImportMap(
    paths,
    label,
    await referenceMap(paths, onReference),
  );
  return runTests(paths, {
    files: lesson.tests.map((test) => join(lesson.dir, test)),
    permissions: lesson.meta.permissions,
    importMap,
    label,
    testArgs: scope === "quick" ? lesson.meta.quickRun?.args : undefined,
    timeLimitMs: lesson.meta.timeLimitSeconds === undefined
      ? undefined
      : lesson.meta.timeLimitSeconds * 1000,
    signal,
  });
}

/** The counts a run comes to: a run that could not test anything passes nothing. */
export function summarize(run: TestRun, fingerprint: string): LessonResult {
  if (run.kind !== "tested") return { fingerprint, passed: 0, total: 0 };
  return {
    fingerprint,
    passed: run.cases.filter((c) => c.passed).length,
    total: run.cases.length + run.loadErrors.length,
  };
}
