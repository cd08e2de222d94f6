/**
 * Every lesson's status as last run, without running anything: what the watch's
 * `l` key shows, instantly. A result older than the files it ran on says so.
 *
 * @module
 */

import { type Course, learnerFingerprint } from "./course.ts";
import type { Lesson } from "./lessons.ts";
import { isPassing } from "./state.ts";
import { dim, FAIL, PASS, yellow } from "./style.ts";

/** One line per lesson: mark, number, title, tests passing; `current` marked. */
export async function progressList(
  course: Course,
  current: Lesson,
): Promise<string> {
  const width = Math.max(...course.lessons.map((l) => l.meta.title.length));
  const lines: string[] = [];
  for (const lesson of course.lessons) {
    const result = course.state.results[lesson.id];
    const stale = result !== undefined &&
      result.fingerprint !== await learnerFingerprint(course, lesson);
    const mark = isPassing(result)
      ? PASS
      : result === undefined
      ? dim("·")
      : FAIL;
    const count = result === undefined
      ? dim("not run yet")
      : `${result.passed}/${result.total}${
        stale ? dim(" (files changed since)") : ""
      }`;
    const here = lesson === current ? yellow("  ← watching") : "";
    lines.push(
      `  ${mark} ${lesson.id.slice(0, 2)}  ${
        lesson.meta.title.padEnd(width)
      }  ${count}${here}`,
    );
  }
  return lines.join("\n");
}

/** How many lessons passed at their last run. */
export function lessonsDone(course: Course): number {
  return course.lessons.filter((l) => isPassing(course.state.results[l.id]))
    .length;
}
