/**
 * Where things are in a course checkout. Everything is derived from the root folder,
 * so the engine's tests can point it at a small fixture course.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folders and files the engine reads and writes. */
export interface CoursePaths {
  /** The course checkout, where `deno.json` is. */
  readonly root: string;
  /** Starters and tests, one folder per lesson. */
  readonly lessons: string;
  /** Reference modules, one folder per lesson, same file names as the starters. */
  readonly solutions: string;
  /** The assembled runtime and its tests. */
  readonly runtime: string;
  /** The engine's own state, git-ignored: progress, backups, import maps, reports. */
  readonly state: string;
  /** The pristine starters, so `reset` works without git. */
  readonly starterSnapshot: string;
}

/** The paths of the course rooted at `root`. */
export function coursePaths(root: string): CoursePaths {
  return {
    root,
    lessons: join(root, "lessons"),
    solutions: join(root, "solutions"),
    runtime: join(root, "runtime"),
    state: join(root, ".bounce"),
    starterSnapshot: join(root, "course", "starters.json"),
  };
}

/** The course this engine belongs to: the folder above `course/`. */
export function thisCourse(): CoursePaths {
  return coursePaths(
    fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, ""),
  );
}
