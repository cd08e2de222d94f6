/**
 * `deno task snapshot` (course authors): record the starters as they are in
 * `lessons/`, so that `reset` can restore them, and the names of every lesson's tests
 * from a run on the reference, so that verdicts count the tests a lesson has. Run it
 * after changing a starter or a test.
 *
 * A file to edit with no "not implemented" TODO left looks like a learner's
 * finished work, not a starter: recording it would make `reset` bring back
 * answers. The snapshot is refused then, and nothing is written.
 *
 * @module
 */

import { join } from "node:path";
import { todoProblems } from "../contracts.ts";
import { UserError } from "../errors.ts";
import { type Course, mapConcurrently, runContext } from "../course.ts";
import { GRADE_ENTRY, gradeEntrySource, runtimeTests } from "../entry.ts";
import {
  knownTestsFile,
  type LessonTests,
  namesOf,
  type TestNames,
  writeKnownTests,
} from "../known_tests.ts";
import type { Lesson } from "../lessons.ts";
import { runLesson, type RunScope } from "../lesson_run.ts";
import { takeSnapshot, writeSnapshot } from "../starters.ts";
import { red } from "../style.ts";

/** Record the snapshot; resolves with the exit code. */
export async function snapshotCommand(course: Course): Promise<number> {
  const problems: string[] = [];
  for (const lesson of course.lessons) {
    for (const file of lesson.meta.files) {
      const text = await Deno.readTextFile(join(lesson.dir, file)).catch(
        () => "",
      );
      for (const problem of todoProblems(file, text)) {
        problems.push(`${lesson.id}: ${problem}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new UserError(
      `these are not starters, so nothing was recorded:\n${
        problems.join("\n")
      }\nA learner's finished work must not become what reset restores.`,
    );
  }
  const snapshot = await takeSnapshot(course.lessons);
  await writeSnapshot(course.paths, snapshot);
  console.log(
    `Recorded ${
      Object.keys(snapshot).length
    } starter modules in ${course.paths.starterSnapshot}.`,
  );
  const recorded = await mapConcurrently(
    course.lessons,
    2,
    (lesson) => recordTests(course, lesson),
  );
  const failed = course.lessons.filter((_, i) => recorded[i] === undefined);
  if (failed.length > 0) {
    console.error(red(
      `Could not record the tests of ${
        failed.map((l) => l.id).join(", ")
      }: they must all pass on the reference first (see deno task check).`,
    ));
    return 1;
  }
  const known: Record<string, LessonTests> = {};
  course.lessons.forEach((lesson, i) => {
    const tests = recorded[i];
    if (tests !== undefined) known[lesson.id] = tests;
  });
  await writeKnownTests(course.paths, known);
  await writeGradeEntry(course);
  const count = Object.values(known).reduce(
    (sum, t) => sum + Object.values(t.full).flat().length,
    0,
  );
  console.log(
    `Recorded the names of ${count} tests in ${
      knownTestsFile(course.paths)
    }, and what deno test -P runs in ${GRADE_ENTRY}.`,
  );
  return 0;
}

/**
 * Record the test names of one lesson, leaving the others' as they are, and the
 * grade entry that loads its tests: what `new-lesson` does for the lesson it made.
 * False if its tests do not all pass on the reference.
 */
export async function recordLessonTests(
  course: Course,
  lesson: Lesson,
): Promise<boolean> {
  const tests = await recordTests(course, lesson);
  if (tests === undefined) return false;
  const known = { ...course.known, [lesson.id]: tests };
  await writeKnownTests(course.paths, known);
  await writeGradeEntry(course);
  return true;
}

/** Write the module `deno test -P` runs: every lesson's tests and the runtime's. */
async function writeGradeEntry(course: Course): Promise<void> {
  await Deno.writeTextFile(
    join(course.paths.root, GRADE_ENTRY),
    gradeEntrySource(
      course.paths.root,
      course.lessons,
      await runtimeTests(course.paths),
    ),
  );
}

/** A lesson's test names from runs on the reference; undefined unless all pass. */
async function recordTests(
  course: Course,
  lesson: Lesson,
): Promise<LessonTests | undefined> {
  const full = await namesOnReference(course, lesson, "full");
  if (full === undefined) return undefined;
  if (lesson.meta.quickRun === undefined) return { full };
  // A quick run may trip a short limit of its own on a loaded machine: try again.
  let quick: TestNames | undefined;
  for (let attempt = 0; attempt < 3 && quick === undefined; attempt++) {
    quick = await namesOnReference(course, lesson, "quick");
  }
  return quick === undefined ? undefined : { full, quick };
}

async function namesOnReference(
  course: Course,
  lesson: Lesson,
  scope: RunScope,
): Promise<TestNames | undefined> {
  const { run } = await runLesson(
    runContext(course),
    lesson,
    "reference",
    scope,
  );
  if (run.kind !== "tested" || run.loadErrors.length > 0) return undefined;
  if (run.cases.length === 0 || run.cases.some((c) => !c.passed)) {
    return undefined;
  }
  return namesOf(run.cases, lesson, lesson.tests[0] ?? "");
}
