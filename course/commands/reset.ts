/**
 * `deno task reset N | --all [--yes]`: the starter back, the learner's files first
 * copied under `.bounce/backups/`.
 *
 * Everything is checked before anything is touched, and a write that fails anyway
 * (a full disk) is undone, so a reset happens whole or not at all; every file it
 * replaces is saved first, and the output always says where (see `reset_plan.ts`).
 *
 * @module
 */

import { relative } from "node:path";
import { newBackup } from "../backups.ts";
import { confirmOrStop } from "../confirm.ts";
import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { task } from "../launcher.ts";
import { findLesson } from "../lessons.ts";
import { applyResets, planReset, type ResetPlan } from "../reset_plan.ts";
import { readSnapshot } from "../starters.ts";
import { bold, cyan, dim } from "../style.ts";

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
      `say which lesson to reset (\`${task("reset 3")}\`) or \`--all\`.`,
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
  const plans: ResetPlan[] = [];
  for (const lesson of lessons) plans.push(await planReset(lesson, snapshot));
  const what = options.all ? "every lesson" : `lesson ${lessons[0].number}`;
  confirmOrStop(
    `Put back the starter files of ${what}? Your current files are saved first.`,
    options.yes ?? false,
  );
  const backup = await newBackup(course.paths);
  const where = cyan(`${relative(course.paths.root, backup)}/`);
  await applyResets(plans, backup, where);
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
    dim(`Changed your mind? ${cyan(task("restore N"))} puts them back.`),
  );
  return 0;
}
