/**
 * Lesson discovery. A lesson is a folder `lessons/NN-slug/` with a `lesson.ts`; its
 * modules are the `.ts` files beside it that are neither tests nor `lesson.ts`, and
 * each has a twin of the same name in `solutions/NN-slug/`.
 *
 * @module
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "./errors.ts";
import { task } from "./launcher.ts";
import type { LessonMeta } from "./lesson_meta.ts";
import type { CoursePaths } from "./paths.ts";

/** A lesson as the engine uses it. */
export interface Lesson {
  /** 1 for `01-futures`. */
  readonly number: number;
  /** The folder name, e.g. `01-futures`: the lesson's id everywhere in the engine. */
  readonly id: string;
  /** What the lesson says about itself. */
  readonly meta: LessonMeta;
  /** The starter folder, absolute. */
  readonly dir: string;
  /** The reference folder, absolute. */
  readonly solutionDir: string;
  /** File names of the lesson's modules (starters), sorted. */
  readonly modules: readonly string[];
  /** File names of its tests, in the order of the files to edit. */
  readonly tests: readonly string[];
  /** Its hints, from a nudge to a near-answer, read from the reference's `hints.md`. */
  readonly hints: readonly string[];
}

const LESSON_FOLDER = /^(\d{2})-[a-z0-9-]+$/;

/** Every lesson of the course, in order. */
export async function discoverLessons(paths: CoursePaths): Promise<Lesson[]> {
  const lessons: Lesson[] = [];
  for await (const entry of Deno.readDir(paths.lessons)) {
    const match = LESSON_FOLDER.exec(entry.name);
    if (!entry.isDirectory || match === null) continue;
    const dir = join(paths.lessons, entry.name);
    const files = await listFiles(dir);
    const meta = await loadMeta(dir);
    const solutionDir = join(paths.solutions, entry.name);
    lessons.push({
      number: Number(match[1]),
      id: entry.name,
      meta,
      dir,
      solutionDir,
      modules: files.filter((f) =>
        f.endsWith(".ts") && !isTest(f) && f !== "lesson.ts"
      ),
      tests: inTaskOrder(files.filter(isTest), meta.files),
      hints: await loadHints(solutionDir),
    });
  }
  return lessons.sort((a, b) => a.number - b.number);
}

/**
 * The lesson a user named on the command line, e.g. "3" or "03". Anything else is a
 * {@linkcode UserError} that lists what exists.
 */
export function findLesson(lessons: readonly Lesson[], arg: string): Lesson {
  const range = lessons.length === 0
    ? "this course has no lessons yet"
    : `lessons run from ${lessons[0].number} to ${
      lessons[lessons.length - 1].number
    }`;
  if (!/^\d+$/.test(arg.trim())) {
    throw new UserError(`"${arg}" is not a lesson number: ${range}.`, 2);
  }
  const lesson = lessons.find((l) => l.number === Number(arg));
  if (lesson === undefined) {
    throw new UserError(
      `there is no lesson ${Number(arg)}: ${range}. See \`${task("list")}\`.`,
      2,
    );
  }
  return lesson;
}

/** "Lesson 01 — Futures and polling". */
export function lessonHeading(lesson: Lesson): string {
  return `Lesson ${lesson.id.slice(0, 2)} — ${lesson.meta.title}`;
}

/** Tests of the files to edit first, in the order the lesson gives them; others after. */
function inTaskOrder(tests: string[], files: readonly string[]): string[] {
  const rank = (test: string) => {
    const index = files.indexOf(test.replace(/_test\.ts$/, ".ts"));
    return index === -1 ? files.length : index;
  };
  return tests.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function isTest(file: string): boolean {
  return file.endsWith("_test.ts");
}

async function listFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile) names.push(entry.name);
  }
  return names.sort();
}

async function loadMeta(dir: string): Promise<LessonMeta> {
  const file = join(dir, "lesson.ts");
  let loaded: { lesson?: LessonMeta };
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`could not load ${file}: ${reason}`);
  }
  if (loaded.lesson === undefined) {
    throw new UserError(
      `${file} must export \`lesson\`, the lesson's metadata`,
    );
  }
  return loaded.lesson;
}

/**
 * A lesson's hints: the `## Hint K` sections of `hints.md` beside its reference, in
 * order. Kept out of the learner's folder so that `hint` gives them one at a time.
 */
async function loadHints(solutionDir: string): Promise<string[]> {
  const text = await Deno.readTextFile(join(solutionDir, "hints.md")).catch(
    () => "",
  );
  return text.split(/^## Hint \d+[ \t]*$/m).slice(1).map((hint) => hint.trim());
}
