/**
 * `deno task restore N [BACKUP] [--list]`: put a lesson's files back from a backup
 * that `reset` (or an earlier `restore`) made. The files it replaces are saved
 * first, into a backup of their own, so a restore can be undone the same way.
 *
 * @module
 */

import { join, relative } from "node:path";
import {
  type LessonBackup,
  lessonBackups,
  newBackup,
  saveFiles,
} from "../backups.ts";
import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { task } from "../launcher.ts";
import { findLesson, type Lesson } from "../lessons.ts";
import { bold, cyan, dim } from "../style.ts";

/** Options of the `restore` command. */
export interface RestoreOptions {
  /** Only list the lesson's backups, newest first. */
  readonly list?: boolean;
}

/** Restore or list; resolves with the exit code. */
export async function restoreCommand(
  course: Course,
  arg: string,
  backupName: string | undefined,
  options: RestoreOptions,
): Promise<number> {
  const lesson = findLesson(course.lessons, arg);
  const backups = await lessonBackups(course.paths, lesson);
  if (backups.length === 0) {
    throw new UserError(
      `there is no backup of lesson ${lesson.number} yet: ` +
        `reset and restore make one before they change anything.`,
    );
  }
  if (options.list) {
    console.log(bold(`Backups of lesson ${lesson.number}, newest first:`));
    for (const backup of backups) {
      console.log(`  ${cyan(backup.name)}  ${dim(backup.files.join(", "))}`);
    }
    console.log(
      dim(
        `\nPut one back with ${
          cyan(task(`restore ${lesson.number} NAME`))
        } (without NAME, the newest).`,
      ),
    );
    return 0;
  }
  const chosen = pick(lesson, backups, backupName);
  for (const file of chosen.files) {
    const info = await Deno.lstat(join(lesson.dir, file)).catch(() =>
      undefined
    );
    if (info !== undefined && !info.isFile) {
      throw new UserError(
        `lessons/${lesson.id}/${file} is not a file (a folder or a link?); ` +
          `move it away and restore again. Nothing was changed.`,
      );
    }
  }
  const safety = await newBackup(course.paths);
  const where = cyan(`${relative(course.paths.root, safety)}/`);
  await saveFiles(lesson, chosen.files, safety);
  try {
    for (const file of chosen.files) {
      await Deno.copyFile(join(chosen.dir, file), join(lesson.dir, file));
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `the restore stopped halfway (${reason}). The files it was replacing are in ${where}.`,
    );
  }
  console.log(
    bold(
      `Lesson ${lesson.number}'s files from backup ${chosen.name} are back: ${
        chosen.files.join(", ")
      }.`,
    ),
  );
  console.log(`The files they replaced are in ${where}.`);
  return 0;
}

function pick(
  lesson: Lesson,
  backups: readonly LessonBackup[],
  name: string | undefined,
): LessonBackup {
  if (name === undefined) return backups[0];
  const wanted = name.replace(/\/+$/, "").split("/").pop() ?? name;
  const found = backups.find((b) => b.name === wanted);
  if (found === undefined) {
    throw new UserError(
      `there is no backup "${name}" of lesson ${lesson.number}; ` +
        `see them with \`${task(`restore ${lesson.number} --list`)}\`.`,
      2,
    );
  }
  return found;
}
