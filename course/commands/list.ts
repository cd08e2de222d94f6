/**
 * `deno task list`: every lesson, its status, and overall progress.
 *
 * @module
 */

import { type Course, currentResult, mapConcurrently } from "../course.ts";
import { isPassing } from "../state.ts";
import { bold, cyan, dim, FAIL, PASS, yellow } from "../style.ts";

/** Print the list; resolves with the exit code. */
export async function listCommand(course: Course): Promise<number> {
  // Lessons whose files changed since their last run are run again, two at a time.
  const results = await mapConcurrently(
    course.lessons,
    2,
    async (lesson) => (await currentResult(course, lesson)).result,
  );
  const width = Math.max(...course.lessons.map((l) => l.meta.title.length));
  let youAreHere = false;
  console.log(bold("Bounce — build an async runtime from scratch\n"));
  course.lessons.forEach((lesson, i) => {
    const result = results[i];
    const done = isPassing(result);
    const mark = done ? PASS : result.passed > 0 ? FAIL : dim("·");
    const count = result.total === 0
      ? dim("no tests ran")
      : `${result.passed}/${result.total}`;
    const here = !done && !youAreHere ? yellow("  ← next") : "";
    if (!done) youAreHere = true;
    console.log(
      `  ${mark} ${lesson.id.slice(0, 2)}  ${
        lesson.meta.title.padEnd(width)
      }  ${count}${here}`,
    );
  });
  const doneCount = results.filter(isPassing).length;
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const total = results.reduce((sum, r) => sum + r.total, 0);
  console.log("");
  console.log(
    `${
      bold(`${doneCount} of ${course.lessons.length}`)
    } lessons done, ${passed} of ${total} tests pass.`,
  );
  if (doneCount < course.lessons.length) {
    console.log(`Carry on with ${cyan("deno task lesson")}.`);
  }
  return 0;
}
