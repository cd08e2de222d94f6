/**
 * `deno task lesson [N] [--watch] [--reference-deps] [--full]`: show a lesson and run its
 * tests on the learner's code.
 *
 * @module
 */

import { type Course, currentResult, runOnLearnerCode } from "../course.ts";
import { findLesson, type Lesson } from "../lessons.ts";
import { task } from "../launcher.ts";
import type { LessonOutcome } from "../lesson_run.ts";
import { renderIntro, renderRun } from "../report.ts";
import { isPassing } from "../state.ts";
import { bold, cyan, dim, green, interactive } from "../style.ts";

/** Options of the `lesson` command. */
export interface LessonOptions {
  /** Re-run on every save. */
  readonly watch?: boolean;
  /** Run on the reference for every earlier lesson that does not pass yet. */
  readonly referenceDeps?: boolean;
  /** Run every test, even those the lesson leaves out of a quick run. */
  readonly full?: boolean;
}

/** Run the command; resolves with the exit code (0 only if the lesson passes). */
export async function lessonCommand(
  course: Course,
  arg: string | undefined,
  options: LessonOptions,
): Promise<number> {
  let lesson: Lesson | undefined;
  let firstRun: LessonOutcome | undefined;
  if (arg !== undefined) {
    lesson = findLesson(course.lessons, arg);
  } else {
    const found = await firstUnfinished(course);
    if (found === undefined) {
      console.log(
        green(
          bold(`Every lesson passes: all ${course.lessons.length} are done.`),
        ),
      );
      console.log(`See them with ${cyan(task("list"))}.`);
      return 0;
    }
    ({ lesson, run: firstRun } = found);
  }
  const chosen = lesson;
  const once = async (run?: LessonOutcome): Promise<number> => {
    console.log(renderIntro(course.paths, chosen));
    console.log("");
    const outcome = run ?? await runChosen(course, chosen, options);
    const nextLesson = course.lessons.find((l) => l.number > chosen.number);
    console.log(renderRun(course.paths, chosen, outcome, { nextLesson }));
    const quick = chosen.meta.quickRun;
    if (quick !== undefined && !options.full) {
      console.log(
        dim(
          `\n${quick.note} Run them all: ${
            task(`lesson ${chosen.number} --full`)
          }`,
        ),
      );
    }
    const { passed, total } = outcome.verdict;
    const clean = outcome.run.kind === "tested" &&
      outcome.run.loadErrors.length === 0;
    return clean && total > 0 && passed === total ? 0 : 1;
  };
  const code = await once(firstRun);
  if (!options.watch) return code;
  return await watch(course, once);
}

async function runChosen(
  course: Course,
  lesson: Lesson,
  options: LessonOptions,
): Promise<LessonOutcome> {
  const { outcome } = await runOnLearnerCode(course, lesson, {
    scope: options.full ? "full" : "quick",
    referenceDeps: options.referenceDeps,
    reuse: true,
  });
  return outcome;
}

/** The first lesson that does not pass, with its run if it had to be run to find out. */
async function firstUnfinished(
  course: Course,
): Promise<{ lesson: Lesson; run?: LessonOutcome } | undefined> {
  for (const lesson of course.lessons) {
    const { result, outcome } = await currentResult(course, lesson);
    if (!isPassing(result)) return { lesson, run: outcome };
  }
  return undefined;
}

/** Re-run `once` whenever a file under `lessons/` changes, until interrupted. */
async function watch(
  course: Course,
  once: () => Promise<number>,
): Promise<number> {
  const watcher = Deno.watchFs(course.paths.lessons, { recursive: true });
  const stop = () => watcher.close();
  Deno.addSignalListener("SIGINT", stop);
  console.log(dim("\nWatching lessons/ for changes; Ctrl-C to stop."));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = Promise.resolve();
  for await (const event of watcher) {
    if (!event.paths.some((p) => p.endsWith(".ts") || p.endsWith(".md"))) {
      continue;
    }
    // Editors save in bursts (write, rename, touch): wait for the burst to end.
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        if (interactive) console.clear();
        await once();
        console.log(dim("\nWatching lessons/ for changes; Ctrl-C to stop."));
      });
    }, 150);
  }
  clearTimeout(timer);
  await running;
  Deno.removeSignalListener("SIGINT", stop);
  return 0;
}
