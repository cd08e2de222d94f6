/**
 * `deno task reset N | --all [--yes]`: the starter back, the learner's files first
 * copied under `.bounce/backups/`.
 *
 * Everything is checked before anything is touched, so a reset either happens
 * whole or not at all; and every file it replaces is saved first, so even a reset
 * that fails halfway (a full disk) loses nothing and says where the copies are.
 *
 * @module
 */

import { join, relative } from "node:path";
import { newBackup, saveFiles } from "../backups.ts";
import { confirmOrStop } from "../confirm.ts";
import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { findLesson, type Lesson } from "../lessons.ts";
import { readSnapshot, type StarterSnapshot } from "../starters.ts";
import { bold, cyan, dim } from "../style.ts";

/** Options of the `reset` command. */
export interface ResetOptions {
  /** Reset every lesson. */
  readonly all?: boolean;
  /** Do not ask. */
  readonly yes?: boolean;
}

/** What resetting one lesson will do. */
interface ResetPlan {
  readonly lesson: Lesson;
  /** Starter file name to its recorded content. */
  readonly starters: ReadonlyMap<string, string>;
  /** Starter files the learner has deleted, which come back. */
  readonly missing: readonly string[];
  /** The learner's own files in the folder, which reset leaves alone. */
  readonly extra: readonly string[];
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
  const plans = lessons.map((lesson) => planReset(lesson, snapshot));
  const what = options.all ? "every lesson" : `lesson ${lessons[0].number}`;
  confirmOrStop(
    `Put back the starter files of ${what}? Your current files are saved first.`,
    options.yes ?? false,
  );
  const backup = await newBackup(course.paths);
  const where = cyan(`${relative(course.paths.root, backup)}/`);
  // Save every lesson before changing any, so a failure midway loses nothing.
  for (const plan of plans) {
    await saveFiles(plan.lesson, [...plan.starters.keys()], backup);
  }
  try {
    for (const plan of plans) {
      for (const [file, text] of plan.starters) {
        await Deno.writeTextFile(join(plan.lesson.dir, file), text);
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `the reset stopped halfway: ${reason}\nYour files from before it are in ${where}; ` +
        `put them back with ${cyan("deno task restore N")}.`,
    );
  }
  console.log(bold(`The starter of ${what} is back.`));
  for (const plan of plans) {
    if (plan.missing.length > 0) {
      console.log(
        `  ${plan.lesson.id}: ${
          plan.missing.join(", ")
        } was missing and is back.`,
      );
    }
    if (plan.extra.length > 0) {
      console.log(
        dim(
          `  ${plan.lesson.id}: ${
            plan.extra.join(", ")
          } is yours, not a starter, and was left as it is.`,
        ),
      );
    }
  }
  console.log(`Your previous files are in ${where}.`);
  console.log(
    dim(`Changed your mind? ${cyan("deno task restore N")} puts them back.`),
  );
  return 0;
}

/**
 * What resetting `lesson` will do, from the snapshot: the starters it records are
 * put back (including any the learner deleted), and any other module in the folder
 * is the learner's own and stays. A lesson the snapshot knows nothing about is
 * refused here, before anything has changed.
 */
function planReset(lesson: Lesson, snapshot: StarterSnapshot): ResetPlan {
  const prefix = `${lesson.id}/`;
  const starters = new Map<string, string>();
  for (const [key, text] of Object.entries(snapshot)) {
    if (!key.startsWith(prefix)) continue;
    const file = key.slice(prefix.length);
    if (file.includes("/") || file.includes("\\") || file.startsWith(".")) {
      throw new UserError(
        `the starters' snapshot names "${key}", which is not a file of ${lesson.id}; ` +
          `nothing was changed.`,
      );
    }
    starters.set(file, text);
  }
  if (starters.size === 0) {
    throw new UserError(
      `no starter is recorded for ${lesson.id} in course/starters.json; nothing was changed.`,
    );
  }
  return {
    lesson,
    starters,
    missing: [...starters.keys()].filter((f) => !lesson.modules.includes(f)),
    extra: lesson.modules.filter((f) => !starters.has(f)),
  };
}
