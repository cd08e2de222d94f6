/**
 * Copies of the learner's files, kept under `.bounce/backups/<time>/<lesson-id>/`
 * before any command replaces them. `reset` and `restore` write them; `restore`
 * reads them back. A backup folder is never reused, so no copy overwrites another.
 *
 * @module
 */

import { join } from "node:path";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** One lesson's files in one backup. */
export interface LessonBackup {
  /** The backup's name, its folder under `.bounce/backups/`: a time stamp. */
  readonly name: string;
  /** The folder holding the lesson's files. */
  readonly dir: string;
  /** The file names saved, sorted. */
  readonly files: readonly string[];
}

/** The folder all backups live in. */
export function backupsDir(paths: CoursePaths): string {
  return join(paths.state, "backups");
}

/**
 * A new, empty backup folder named after the time, e.g. `2026-11-30T09-15-02.123`,
 * with `-2`, `-3`… added if two commands run in the same millisecond.
 */
export async function newBackup(paths: CoursePaths): Promise<string> {
  await Deno.mkdir(backupsDir(paths), { recursive: true });
  const stamp = new Date().toISOString().slice(0, 23).replaceAll(":", "-");
  for (let attempt = 1;; attempt++) {
    const dir = join(
      backupsDir(paths),
      attempt === 1 ? stamp : `${stamp}-${attempt}`,
    );
    try {
      await Deno.mkdir(dir);
      return dir;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
}

/**
 * Copy `files` of `lesson`'s folder that exist into `backup`; resolves with the
 * names copied. A file that is missing has nothing to save and is skipped.
 */
export async function saveFiles(
  lesson: Lesson,
  files: readonly string[],
  backup: string,
): Promise<string[]> {
  const saved: string[] = [];
  const into = join(backup, lesson.id);
  await Deno.mkdir(into, { recursive: true });
  for (const file of files) {
    try {
      await Deno.copyFile(join(lesson.dir, file), join(into, file));
      saved.push(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return saved;
}

/** Every backup that holds files of `lesson`, newest first. */
export async function lessonBackups(
  paths: CoursePaths,
  lesson: Lesson,
): Promise<LessonBackup[]> {
  const found: LessonBackup[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(backupsDir(paths)));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isDirectory) continue;
    const dir = join(backupsDir(paths), entry.name, lesson.id);
    const files = await filesIn(dir);
    if (files.length > 0) found.push({ name: entry.name, dir, files });
  }
  // Time stamps sort as text; a `-2` suffix sorts after its plain twin.
  return found.sort((a, b) => a.name < b.name ? 1 : a.name > b.name ? -1 : 0);
}

async function filesIn(dir: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile) names.push(entry.name);
    }
    return names.sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}
