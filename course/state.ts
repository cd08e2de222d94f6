/**
 * The engine's memory between commands, in `.bounce/state.json`: which hints the
 * learner has seen, and the last result of each lesson together with a fingerprint
 * of the files it ran on, so `list` need not re-run what has not changed.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** A lesson's last result on the learner's code. */
export interface LessonResult {
  /** Fingerprint of the files the result depends on. */
  readonly fingerprint: string;
  /** Tests that passed. */
  readonly passed: number;
  /** Tests that ran, or 0 if none could. */
  readonly total: number;
}

/** Everything the engine remembers. */
export interface CourseState {
  /** Highest hint level shown, per lesson id. */
  hintsShown: Record<string, number>;
  /** Last result per lesson id. */
  results: Record<string, LessonResult>;
}

/** Read the state, or a fresh one if there is none (or it is unreadable). */
export async function loadState(paths: CoursePaths): Promise<CourseState> {
  try {
    const saved = JSON.parse(await Deno.readTextFile(stateFile(paths)));
    return { hintsShown: saved.hintsShown ?? {}, results: saved.results ?? {} };
  } catch {
    return { hintsShown: {}, results: {} };
  }
}

/** Write the state. */
export async function saveState(
  paths: CoursePaths,
  state: CourseState,
): Promise<void> {
  await Deno.mkdir(paths.state, { recursive: true });
  await Deno.writeTextFile(
    stateFile(paths),
    JSON.stringify(state, null, 2) + "\n",
  );
}

/** True when a result says every test passed. */
export function isPassing(result: LessonResult | undefined): boolean {
  return result !== undefined && result.total > 0 &&
    result.passed === result.total;
}

/**
 * A fingerprint of everything lesson `lesson` runs on: its own folder and every
 * earlier lesson's (their modules are its dependencies), the shared test support,
 * and `deno.json`.
 */
export async function fingerprint(
  paths: CoursePaths,
  lessons: readonly Lesson[],
  lesson: Lesson,
): Promise<string> {
  const files: string[] = [join(paths.root, "deno.json")];
  for (const earlier of lessons.filter((l) => l.number <= lesson.number)) {
    for (const name of [...earlier.modules, ...earlier.tests]) {
      files.push(join(earlier.dir, name));
    }
  }
  for await (const entry of Deno.readDir(join(paths.lessons, "_support"))) {
    if (entry.isFile) files.push(join(paths.lessons, "_support", entry.name));
  }
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(file);
    hash.update(await Deno.readFile(file).catch(() => new Uint8Array()));
  }
  return hash.digest("hex");
}

function stateFile(paths: CoursePaths): string {
  return join(paths.state, "state.json");
}
