/**
 * `deno task solution N [--yes]`: print the reference, asking first if the lesson does
 * not pass yet.
 *
 * @module
 */

import { join, relative } from "node:path";
import { confirmOrStop } from "../confirm.ts";
import { type Course, currentResult } from "../course.ts";
import { interruptible } from "../interrupt.ts";
import { findLesson, lessonHeading } from "../lessons.ts";
import { isPassing } from "../state.ts";
import { bold, cyan, dim } from "../style.ts";

/** Print the solution; resolves with the exit code. */
export async function solutionCommand(
  course: Course,
  arg: string,
  yes: boolean,
): Promise<number> {
  const lesson = findLesson(course.lessons, arg);
  const { result } = await interruptible((signal) =>
    currentResult(course, lesson, signal)
  );
  if (!isPassing(result)) {
    confirmOrStop(
      `Lesson ${lesson.number} does not pass yet (${result.passed} of ${result.total} tests). ` +
        `Show the reference solution anyway?`,
      yes,
    );
  }
  console.log(bold(`${lessonHeading(lesson)} — reference solution`));
  for (const module of lesson.modules) {
    const path = join(lesson.solutionDir, module);
    // A module of the learner's own, with no reference twin, has nothing to show.
    const text = await Deno.readTextFile(path).catch(() => undefined);
    if (text === undefined) continue;
    console.log(
      `\n${cyan(relative(course.paths.root, path))} ${
        dim(
          "(yours: " + relative(course.paths.root, join(lesson.dir, module)) +
            ")",
        )
      }\n`,
    );
    console.log(text);
  }
  return 0;
}
