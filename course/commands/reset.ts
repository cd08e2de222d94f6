/**
 * `deno task reset N | --all [--yes]`: the starter back, the learner's files first
 * copied under `.bounce/backups/`.
 *
 * @module
 */

import { join, relative } from "node:path";
import { confirmOrStop } from "../confirm.ts";
import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { findLesson, type Lesson } from "../lessons.ts";
import { readSnapshot } from "../starters.ts";
import { bold, cyan } from "../style.ts";

/** Options of the `reset` command. */
export interface ResetOptions {
  /** Reset every lesson. */
  readonly all?: boolean;
  /** Do not ask. */
  readonly yes?: boolean;
}

/** Reset; resolves with the exit code. */
export async function resetCommand(
  course: Course,
  arg: string | undefined,
  options: ResetOptions,
): Promise<number> {
  if (arg === undefined && !options.all) {
    throw new UserError(
      "say which lesson to reset (`deno task reset 3`) or `--all`.",
      2,
    );
  }
  if (arg !== undefined && options.all) {
    throw new UserError("give a lesson number or --all, not both.", 2);
  }
  const lessons = options.all
    ? course.lessons
    : [findLesson(course.lessons, arg ?? "")];
  const snapshot = await readSnapshot(course.paths);
  const what = options.all ? "every lesson" : `lesson ${lessons[0].number}`;
  confirmOrStop(
    `Put back the starter files of ${what}? Your current files are saved first.`,
    options.yes ?? false,
  );
  const backup = join(course.paths.state, "backups", timestamp());
  for (const lesson of lessons) await resetLesson(lesson, snapshot, backup);
  console.log(bold(`The starter of ${what} is back.`));
  console.log(
    `Your previous files are in ${cyan(relative(course.paths.root, backup))}/.`,
  );
  return 0;
}

async function resetLesson(
  lesson: Lesson,
  snapshot: Record<string, string>,
  backup: string,
): Promise<void> {
  const saved = join(backup, lesson.id);
  await Deno.mkdir(saved, { recursive: true });
  // Save everything first, so a failure halfway never loses a file.
  for (const module of lesson.modules) {
    await Deno.copyFile(join(lesson.dir, module), join(saved, module));
  }
  for (const module of lesson.modules) {
    const starter = snapshot[`${lesson.id}/${module}`];
    if (starter === undefined) {
      throw new UserError(
        `no starter is recorded for ${lesson.id}/${module}; nothing was changed.`,
      );
    }
    await Deno.writeTextFile(join(lesson.dir, module), starter);
  }
}

/** A time stamp that sorts and is a valid file name everywhere: 2026-11-25T20-02-07. */
function timestamp(): string {
  return new Date().toISOString().slice(0, 19).replaceAll(":", "-");
}
