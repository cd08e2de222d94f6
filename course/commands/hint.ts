/**
 * `deno task hint N [--level K]`: the next hint not yet shown, one level at a time.
 *
 * @module
 */

import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { findLesson, type Lesson, lessonHeading } from "../lessons.ts";
import { task } from "../launcher.ts";
import { saveState } from "../state.ts";
import { bold, cyan, dim } from "../style.ts";

/** Show a hint; resolves with the exit code. */
export async function hintCommand(
  course: Course,
  arg: string,
  level: string | undefined,
): Promise<number> {
  const lesson = findLesson(course.lessons, arg);
  let wanted: number | undefined;
  if (level !== undefined) {
    wanted = Number(level);
    if (
      !Number.isInteger(wanted) || wanted < 1 || wanted > lesson.hints.length
    ) {
      throw new UserError(
        `lesson ${lesson.number} has hints 1 to ${lesson.hints.length}; "${level}" is not one of them.`,
        2,
      );
    }
  }
  console.log(await showHint(course, lesson, wanted));
  return 0;
}

/**
 * The text of hint `level` of `lesson` (by default the next one not yet shown),
 * with a line on what comes after it; remembered as shown. The `hint` command and
 * the watch's `h` key both use it.
 */
export async function showHint(
  course: Course,
  lesson: Lesson,
  level?: number,
): Promise<string> {
  const hints = lesson.hints;
  if (hints.length === 0) {
    return `${lessonHeading(lesson)} has no hints.`;
  }
  const shown = course.state.hintsShown[lesson.id] ?? 0;
  const wanted = level ?? Math.min(shown + 1, hints.length);
  const after = wanted < hints.length
    ? `Stuck still? ${cyan(task(`hint ${lesson.number}`))} gives the next one.`
    : `That was the last hint. ${
      cyan(task(`solution ${lesson.number}`))
    } shows the reference.`;
  course.state.hintsShown[lesson.id] = Math.max(shown, wanted);
  await saveState(course.paths, course.state);
  return [
    bold(`${lessonHeading(lesson)} — hint ${wanted} of ${hints.length}`),
    "",
    hints[wanted - 1],
    "",
    dim(after),
  ].join("\n");
}
