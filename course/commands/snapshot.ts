/**
 * `deno task snapshot` (course authors): record the starters as they are in
 * `lessons/`, so that `reset` can restore them. Run it after changing a starter.
 *
 * @module
 */

import type { Course } from "../course.ts";
import { takeSnapshot, writeSnapshot } from "../starters.ts";

/** Record the snapshot; resolves with the exit code. */
export async function snapshotCommand(course: Course): Promise<number> {
  const snapshot = await takeSnapshot(course.lessons);
  await writeSnapshot(course.paths, snapshot);
  console.log(
    `Recorded ${
      Object.keys(snapshot).length
    } starter modules in ${course.paths.starterSnapshot}.`,
  );
  return 0;
}
