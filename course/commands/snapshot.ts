/**
 * `deno task snapshot` (course authors): record the starters as they are in
 * `lessons/`, so that `reset` can restore them. Run it after changing a starter.
 *
 * A file to edit with no "not implemented" TODO left looks like a learner's
 * finished work, not a starter: recording it would make `reset` bring back
 * answers. The snapshot is refused then, and nothing is written.
 *
 * @module
 */

import { join } from "node:path";
import { todoProblems } from "../contracts.ts";
import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { takeSnapshot, writeSnapshot } from "../starters.ts";

/** Record the snapshot; resolves with the exit code. */
export async function snapshotCommand(course: Course): Promise<number> {
  const problems: string[] = [];
  for (const lesson of course.lessons) {
    for (const file of lesson.meta.files) {
      const text = await Deno.readTextFile(join(lesson.dir, file)).catch(
        () => "",
      );
      for (const problem of todoProblems(file, text)) {
        problems.push(`${lesson.id}: ${problem}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new UserError(
      `these are not starters, so nothing was recorded:\n${
        problems.join("\n")
      }\nA learner's finished work must not become what reset restores.`,
    );
  }
  const snapshot = await takeSnapshot(course.lessons);
  await writeSnapshot(course.paths, snapshot);
  console.log(
    `Recorded ${
      Object.keys(snapshot).length
    } starter modules in ${course.paths.starterSnapshot}.`,
  );
  return 0;
}
