/**
 * `deno task new-lesson SLUG [--title T] [--module M] [--number N]` (course authors):
 * scaffold a lesson that already passes `deno task check`, record its starter, add
 * it to the README's permissions table, and say what else a lesson touches.
 *
 * Everything is checked before the first file is written, so a refused lesson
 * leaves nothing behind.
 *
 * @module
 */

import { join, relative } from "node:path";
import { type Course, openCourse } from "../course.ts";
import { UserError } from "../errors.ts";
import {
  lessonFiles,
  lessonId,
  type LessonSketch,
  solutionFiles,
} from "../lesson_template.ts";
import { tableRow } from "../permissions.ts";
import { readSnapshot, writeSnapshot } from "../starters.ts";
import { bold, cyan, dim } from "../style.ts";
import { runDeno } from "../test_run.ts";
import { recordLessonTests } from "./snapshot.ts";

/** Options of the `new-lesson` command. */
export interface NewLessonOptions {
  /** The title; by default made from the slug. */
  readonly title?: string;
  /** The module to edit, without `.ts`; by default the slug in snake_case. */
  readonly module?: string;
  /** The lesson's number; by default one after the last. */
  readonly number?: string;
}

const FORMAT_TIME_LIMIT_MS = 60_000;

/** Scaffold the lesson; resolves with the exit code. */
export async function newLessonCommand(
  course: Course,
  slug: string,
  options: NewLessonOptions,
): Promise<number> {
  const sketch = sketchOf(course, slug, options);
  const id = lessonId(sketch);
  const lessonDir = join(course.paths.lessons, id);
  const solutionDir = join(course.paths.solutions, id);
  for (const dir of [lessonDir, solutionDir]) {
    if (await exists(dir)) {
      throw new UserError(
        `${
          relative(course.paths.root, dir)
        } exists already; nothing was created.`,
        2,
      );
    }
  }
  const snapshot = await readSnapshot(course.paths);
  const starters = lessonFiles(sketch);
  const references = solutionFiles(sketch);

  await Deno.mkdir(lessonDir, { recursive: true });
  await Deno.mkdir(solutionDir, { recursive: true });
  for (const [name, text] of Object.entries(starters)) {
    await Deno.writeTextFile(join(lessonDir, name), text);
  }
  for (const [name, text] of Object.entries(references)) {
    await Deno.writeTextFile(join(solutionDir, name), text);
  }
  snapshot[`${id}/${sketch.module}.ts`] = starters[`${sketch.module}.ts`];
  await writeSnapshot(course.paths, snapshot);
  const tableUpdated = await addPermissionsRow(course, sketch);
  const grown = await openCourse(course.paths);
  const made = grown.lessons.find((l) => l.id === id);
  const recorded = made !== undefined && await recordLessonTests(grown, made);

  const shown = (dir: string, names: string[]) =>
    names.map((n) => `  ${cyan(relative(course.paths.root, join(dir, n)))}`);
  console.log(bold(`Lesson ${sketch.number} — ${sketch.title} is scaffolded:`));
  console.log(
    [
      ...shown(lessonDir, Object.keys(starters)),
      ...shown(solutionDir, Object.keys(references)),
      `  ${cyan("course/starters.json")} ${dim("(its starter recorded)")}`,
      ...(recorded
        ? [
          `  ${cyan("course/tests.json")} ${dim("(its test names recorded)")}`,
        ]
        : []),
      ...(tableUpdated
        ? [`  ${cyan("README.md")} ${dim("(a row in the permissions table)")}`]
        : []),
    ].join("\n"),
  );
  console.log(`
${bold("What else a lesson touches:")}
  1. Write it: the README text, the goal in lesson.ts, the starter with its
     TODOs as throw new Error("not implemented: what"), the tests, the
     reference, and two to four hints. Modules the learner does not edit
     (given ones) must be the same in lessons/ and solutions/.
  2. Export its public API from ${cyan("runtime/mod.ts")} (and ${
    cyan("runtime/run.ts")
  } if it changes
     how programs run), with a test in ${cyan("runtime/")}.
  3. If its tests need permissions: lesson.ts ${cyan("permissions")}, then ${
    cyan("deno.json")
  }'s
     test.permissions and the README's table (check says what to write).
  4. Mention it in the README's description of the course.
  5. After changing the starter: ${cyan("deno task snapshot")}.
  6. Prove it: ${cyan("deno task check --only contracts,lessons")}, then ${
    cyan("deno task check")
  }.`);
  return 0;
}

function sketchOf(
  course: Course,
  slug: string,
  options: NewLessonOptions,
): LessonSketch {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(slug)) {
    throw new UserError(
      `"${slug}" is not a lesson slug: lower-case words joined by hyphens, e.g. lox-scanner.`,
      2,
    );
  }
  const last = course.lessons.at(-1);
  const number = options.number === undefined
    ? (last?.number ?? 0) + 1
    : Number(options.number);
  if (!Number.isInteger(number) || number < 1 || number > 99) {
    throw new UserError(
      `"${options.number}" is not a lesson number from 1 to 99.`,
      2,
    );
  }
  const taken = course.lessons.find((l) => l.number === number);
  if (taken !== undefined) {
    throw new UserError(
      `lesson ${number} exists already (${taken.id}); nothing was created.`,
      2,
    );
  }
  const module = options.module ?? slug.replaceAll("-", "_");
  if (
    !/^[a-z][a-z0-9_]*$/.test(module) || module.endsWith("_test") ||
    module === "lesson"
  ) {
    throw new UserError(
      `"${module}" cannot be the module's name: snake_case, not "lesson", not ending in _test.`,
      2,
    );
  }
  const words = slug.replaceAll("-", " ");
  const title = options.title?.trim() ||
    words[0].toUpperCase() + words.slice(1);
  return { number, slug, title, module };
}

/** Add the lesson's row to the README's permissions table, if it has one. */
async function addPermissionsRow(
  course: Course,
  sketch: LessonSketch,
): Promise<boolean> {
  const readme = join(course.paths.root, "README.md");
  const text = await Deno.readTextFile(readme).catch(() => undefined);
  const end = text?.indexOf("<!-- /permissions -->") ?? -1;
  if (text === undefined || end === -1) return false;
  const before = text.slice(0, end).replace(/\n*$/, "\n");
  const row = tableRow({
    number: sketch.number,
    meta: { title: sketch.title, permissions: [] },
  });
  await Deno.writeTextFile(readme, `${before}${row}\n\n${text.slice(end)}`);
  // The table's columns are aligned by the formatter, as a human would leave them.
  await runDeno(course.paths.root, ["fmt", "README.md"], FORMAT_TIME_LIMIT_MS);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
