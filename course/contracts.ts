/**
 * The contracts a lesson keeps so the engine can work with it, written down and
 * checked by `deno task check` (the README's course-author section lists them):
 *
 * - `README.md` starts with `# Lesson NN — <title from lesson.ts>`;
 * - `solutions/NN-slug/hints.md` has two to four `## Hint K` sections;
 * - the README, the goal and the hints hold no "TODO:" placeholder of
 *   `deno task new-lesson`'s scaffold;
 * - every file `lesson.ts` names to edit is a module of the lesson, and the lesson
 *   has tests;
 * - every starter module has a reference twin of the same name, and every
 *   reference module a starter twin;
 * - each file to edit throws its TODOs as `throw new Error("not implemented: what")`,
 *   the one form the engine recognises (it then says "what is still a TODO");
 * - a given module (a module not in `files`) is the same in `lessons/` and
 *   `solutions/`, apart from how it imports earlier lessons, and has no TODO;
 * - a reference reaches other lessons only through `../../lessons/…` paths, so the
 *   import map alone decides whose code each lesson runs on.
 *
 * @module
 */

import { join } from "node:path";
import { type Lesson, lessonHeading } from "./lessons.ts";
import { parseFlags, PermissionFlagError } from "./permissions.ts";

/** The problems of one lesson, in words an author can act on; empty if none. */
export async function lessonContractProblems(
  lesson: Lesson,
): Promise<string[]> {
  const problems: string[] = [];
  const { meta } = lesson;
  const heading = /^# (.+)$/m.exec(
    await readOrEmpty(join(lesson.dir, "README.md")),
  )
    ?.[1]?.trim();
  if (heading === undefined) {
    problems.push("README.md is missing or has no heading");
  } else if (heading !== lessonHeading(lesson)) {
    problems.push(
      `README.md's heading "${heading}" should be "${lessonHeading(lesson)}"`,
    );
  }
  const placeholders = [
    ["README.md", await readOrEmpty(join(lesson.dir, "README.md"))],
    ["lesson.ts's goal", meta.goal],
    [`solutions/${lesson.id}/hints.md`, lesson.hints.join("\n")],
  ].filter(([, text]) => text.includes("TODO:")).map(([where]) => where);
  if (placeholders.length > 0) {
    problems.push(
      `${
        placeholders.join(", ")
      } still hold(s) the scaffold's "TODO:" placeholders`,
    );
  }
  if (lesson.hints.length < 2 || lesson.hints.length > 4) {
    problems.push(
      `has ${lesson.hints.length} hints in solutions/${lesson.id}/hints.md (## Hint K sections); a lesson has 2 to 4`,
    );
  }
  for (const file of meta.files) {
    if (!lesson.modules.includes(file)) {
      problems.push(
        `lesson.ts names ${file} to edit, which is not a module here`,
      );
    }
  }
  if (lesson.tests.length === 0) problems.push("has no *_test.ts");
  try {
    parseFlags(meta.permissions);
  } catch (error) {
    if (!(error instanceof PermissionFlagError)) throw error;
    problems.push(`lesson.ts permissions: ${error.message}`);
  }
  const references = await referenceModules(lesson);
  for (const module of lesson.modules) {
    if (!references.includes(module)) {
      problems.push(
        `${module} has no reference twin: solutions/${lesson.id}/${module} is missing`,
      );
    }
  }
  for (const module of references) {
    if (!lesson.modules.includes(module)) {
      problems.push(
        `solutions/${lesson.id}/${module} has no starter twin in lessons/${lesson.id}/`,
      );
    }
  }
  for (const module of lesson.modules) {
    const starter = await readOrEmpty(join(lesson.dir, module));
    if (meta.files.includes(module)) {
      problems.push(...todoProblems(module, starter));
    } else if (references.includes(module)) {
      const reference = await readOrEmpty(join(lesson.solutionDir, module));
      if (layoutFree(starter) !== layoutFree(asStarterImports(reference))) {
        problems.push(
          `${module} is given (not in lesson.ts files), so lessons/ and solutions/ must hold the same module; they differ`,
        );
      }
      if (todoCount(starter) > 0) {
        problems.push(
          `${module} is given (not in lesson.ts files) but has a "not implemented" TODO; add it to files, or write it`,
        );
      }
    }
  }
  for (const module of references) {
    const reference = await readOrEmpty(join(lesson.solutionDir, module));
    for (const specifier of siblingSolutionImports(reference)) {
      problems.push(
        `solutions/${lesson.id}/${module} imports "${specifier}"; a reference reaches other lessons through "../../lessons/…" so the import map decides`,
      );
    }
  }
  return problems;
}

/**
 * A module's text without its layout: `deno fmt` wraps an import list when the
 * path is long, so the reference's `../../lessons/…` import may span lines where
 * the starter's shorter `../…` fits on one. Only what the code says must match.
 */
function layoutFree(text: string): string {
  return text.replace(/\s+/g, "").replace(/,([}\])])/g, "$1");
}

const TODO_FORM = /new Error\(\s*(["'`])not implemented: [^\s"'`]/g;

/** Problems with the TODOs of a file to edit: none at all, or one the engine cannot read. */
export function todoProblems(module: string, text: string): string[] {
  const all = todoCount(text);
  const wellFormed = [...withoutComments(text).matchAll(TODO_FORM)].length;
  if (all === 0) {
    return [
      `${module} is a file to edit but throws no "not implemented: …" TODO, so the starter would pass for nothing`,
    ];
  }
  if (wellFormed < all) {
    return [
      `${module} has ${
        all - wellFormed
      } TODO(s) not of the form throw new Error("not implemented: what"), which the engine reads to say what is still a TODO`,
    ];
  }
  return [];
}

/** How many times code (not comments) says "not implemented". */
function todoCount(text: string): number {
  return [...withoutComments(text).matchAll(/not implemented/g)].length;
}

/** The text without whole-line comments, where a TODO may be mentioned freely. */
function withoutComments(text: string): string {
  return text.split("\n").filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join("\n");
}

/**
 * A reference module as its starter twin would write it: the reference reaches
 * earlier lessons through `../../lessons/NN-…`, the starter through `../NN-…`.
 */
export function asStarterImports(reference: string): string {
  return reference.replace(/(["'])\.\.\/\.\.\/lessons\/(?=\d{2}-)/g, "$1../");
}

/** Import specifiers of a reference that name another lesson's reference folder. */
function siblingSolutionImports(reference: string): string[] {
  return [
    ...reference.matchAll(
      /(?:from\s+|import\s*\(\s*|import\s+)(["'])(\.\.\/\d{2}-[^"']*)\1/g,
    ),
  ].map((m) => m[2]);
}

async function referenceModules(lesson: Lesson): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(lesson.solutionDir)) {
      if (
        entry.isFile && entry.name.endsWith(".ts") &&
        !entry.name.endsWith("_test.ts")
      ) names.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

async function readOrEmpty(file: string): Promise<string> {
  return await Deno.readTextFile(file).catch(() => "");
}
