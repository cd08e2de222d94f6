/**
 * The pristine starters, kept in `course/starters.json` so `reset` can restore them
 * without git (a learner may have committed over them, or have no git at all). The
 * authoring check fails if the snapshot and `lessons/` differ.
 *
 * @module
 */

import { join } from "node:path";
import { UserError } from "./errors.ts";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** Starter contents by `lesson-id/file`. */
export type StarterSnapshot = Record<string, string>;

/** The snapshot of every lesson's modules as they are now in `lessons/`. */
export async function takeSnapshot(
  lessons: readonly Lesson[],
): Promise<StarterSnapshot> {
  const snapshot: StarterSnapshot = {};
  for (const lesson of lessons) {
    for (const module of lesson.modules) {
      snapshot[`${lesson.id}/${module}`] = await Deno.readTextFile(
        join(lesson.dir, module),
      );
    }
  }
  return snapshot;
}

/** Read the committed snapshot. */
export async function readSnapshot(
  paths: CoursePaths,
): Promise<StarterSnapshot> {
  try {
    return JSON.parse(await Deno.readTextFile(paths.starterSnapshot));
  } catch {
    throw new UserError(
      `the starters' snapshot ${paths.starterSnapshot} is missing or damaged; ` +
        `restore it with git (git checkout -- course/starters.json).`,
    );
  }
}

/** Write the snapshot (course authors, after changing a starter). */
export async function writeSnapshot(
  paths: CoursePaths,
  snapshot: StarterSnapshot,
): Promise<void> {
  await Deno.writeTextFile(
    paths.starterSnapshot,
    JSON.stringify(snapshot, null, 2) + "\n",
  );
}

/** The files where `a` and `b` differ. */
export function snapshotDifferences(
  a: StarterSnapshot,
  b: StarterSnapshot,
): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => a[key] !== b[key]).sort();
}
