/**
 * `deno task hint N [--level K]`: the next hint not yet shown, one level at a time.
 *
 * @module
 */

import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { findLesson, lessonHeading } from "../lessons.ts";
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
  const hints = lesson.hints;
  const shown = course.state.hintsShown[lesson.id] ?? 0;
  let wanted = Math.min(shown + 1, hints.length);
  if (level !== undefined) {
    wanted = Number(level);
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > hints.length) {
      throw new UserError(
        `lesson ${lesson.number} has hints 1 to ${hints.length}; "${level}" is not one of them.`,
        2,
      );
    }
  }
  console.log(
    bold(`${lessonHeading(lesson)} — hint ${wanted} of ${hints.length}`),
  );
  console.log("");
  console.log(hints[wanted - 1]);
  console.log("");
  if (wanted < hints.length) {
    console.log(
      dim(
        `Stuck still? ${
          cyan(task(`hint ${lesson.number}`))
        } gives the next one.`,
      ),
    );
  } else {
    console.log(dim(
      `That was the last hint. ${
        cyan(task(`solution ${lesson.number}`))
      } shows the reference.`,
    ));
  }
  course.state.hintsShown[lesson.id] = Math.max(shown, wanted);
  await saveState(course.paths, course.state);
  return 0;
}
