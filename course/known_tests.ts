/**
 * The tests each lesson has, by name, kept in `course/tests.json`. A verdict counts
 * these, not whatever happened to run: a test that did not run (its file deleted, or
 * failing to load, or the run cut short) is a failure, so no learner code can raise
 * its score by stopping tests from running. `deno task snapshot` records the names
 * from a run on the reference; `deno task check` fails if they have drifted.
 *
 * @module
 */

import { basename, join } from "node:path";
import { UserError } from "./errors.ts";
import type { TestCase } from "./junit.ts";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** Test names by test file (its name in the lesson folder), in the order they run. */
export type TestNames = Readonly<Record<string, readonly string[]>>;

/** A lesson's tests, for a full run and, if the lesson has one, for a quick run. */
export interface LessonTests {
  /** Every test of a full run. */
  readonly full: TestNames;
  /** The tests of a quick run, if the lesson has one (see `LessonMeta.quickRun`). */
  readonly quick?: TestNames;
}

/** Every lesson's tests, by lesson id. */
export type KnownTests = Readonly<Record<string, LessonTests>>;

/** Where the names are kept. */
export function knownTestsFile(paths: CoursePaths): string {
  return join(paths.root, "course", "tests.json");
}

/** Read the recorded names; an empty record if there is no file yet. */
export async function readKnownTests(paths: CoursePaths): Promise<KnownTests> {
  const file = knownTestsFile(paths);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch {
    return {};
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError(
      `${file} is damaged; restore it with git (git checkout -- course/tests.json).`,
    );
  }
}

/** Write the names (course authors, through `deno task snapshot`). */
export async function writeKnownTests(
  paths: CoursePaths,
  known: KnownTests,
): Promise<void> {
  await Deno.writeTextFile(
    knownTestsFile(paths),
    JSON.stringify(known, null, 2) + "\n",
  );
}

/** The names a lesson's run of `scope` should produce, if recorded. */
export function expectedTests(
  known: KnownTests,
  lesson: Lesson,
  scope: "quick" | "full",
): TestNames | undefined {
  const tests = known[lesson.id];
  if (tests === undefined) return undefined;
  return scope === "quick" && lesson.meta.quickRun !== undefined
    ? tests.quick ?? tests.full
    : tests.full;
}

/**
 * The names in `cases`, by the test file they came from. Deno names a case's file
 * after where `Deno.test` was called; a test registered by a shared helper is put
 * with the test file of the lesson, `fallbackFile`.
 */
export function namesOf(
  cases: readonly TestCase[],
  lesson: Lesson,
  fallbackFile: string,
): TestNames {
  const names: Record<string, string[]> = {};
  for (const c of cases) {
    const own = basename(c.file);
    const file = lesson.tests.includes(own) ? own : fallbackFile;
    (names[file] ??= []).push(c.name);
  }
  return names;
}

/** Lines that say how `actual` differs from `expected`; none if they agree. */
export function namesDiffer(expected: TestNames, actual: TestNames): string[] {
  const problems: string[] = [];
  const files = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const file of [...files].sort()) {
    const want = expected[file] ?? [];
    const got = actual[file] ?? [];
    for (const name of want) {
      if (!got.includes(name)) problems.push(`${file}: missing "${name}"`);
    }
    for (const name of new Set(got)) {
      if (!want.includes(name)) problems.push(`${file}: unrecorded "${name}"`);
    }
    const duplicates = got.filter((n, i) => got.indexOf(n) !== i);
    for (const name of new Set(duplicates)) {
      problems.push(`${file}: "${name}" runs more than once`);
    }
  }
  return problems;
}
