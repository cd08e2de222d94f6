/**
 * `deno task list`: every lesson, its status, and overall progress.
 *
 * @module
 */

import { type Course, currentResults } from "../course.ts";
import { task } from "../launcher.ts";
import { isPassing } from "../state.ts";
import { bold, cyan, dim, FAIL, PASS, yellow } from "../style.ts";

/** Print the list; resolves with the exit code. */
export async function listCommand(course: Course): Promise<number> {
  // Only lessons whose files changed since their last run are run again, together.
  const results = await currentResults(course);
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
    const onReference = course.state.referenceDeps[lesson.id];
    const referenceNote = !done && onReference !== undefined &&
        onReference.total > 0 && onReference.passed === onReference.total
      ? dim(
        `  (passes on the reference of ${
          (onReference.onReference ?? []).map((id) => id.slice(0, 2)).join(
            ", ",
          )
        }: not done until it passes on yours)`,
      )
      : "";
    const here = !done && !youAreHere ? yellow("  ← next") : "";
    if (!done) youAreHere = true;
    console.log(
      `  ${mark} ${lesson.id.slice(0, 2)}  ${
        lesson.meta.title.padEnd(width)
      }  ${count}${here}${referenceNote}`,
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
    console.log(`Carry on with ${cyan(task("lesson"))}.`);
  }
  return 0;
}
