/**
 * `deno task lesson [N] [--watch] [--reference-deps] [--full]`: show a lesson and run its
 * tests on the learner's code; with `--watch`, the learner's loop (see `watch.ts`).
 *
 * @module
 */

import { type Course, currentResult, runOnLearnerCode } from "../course.ts";
import { interruptible } from "../interrupt.ts";
import { findLesson, type Lesson } from "../lessons.ts";
import { task } from "../launcher.ts";
import type { LessonOutcome } from "../lesson_run.ts";
import { lessonsDone, progressList } from "../progress.ts";
import { renderIntro, renderRun } from "../report.ts";
import { isPassing } from "../state.ts";
import { bold, cyan, dim, green, interactive } from "../style.ts";
import { type WatchedRun, type WatchHost, watchLessons } from "../watch.ts";
import { showHint } from "./hint.ts";

/** Options of the `lesson` command. */
export interface LessonOptions {
  /** Re-run on every save. */
  readonly watch?: boolean;
  /** Run on the reference for every earlier lesson that does not pass yet. */
  readonly referenceDeps?: boolean;
  /** Run every test, even those the lesson leaves out of a quick run. */
  readonly full?: boolean;
}

/**
 * Run the command; resolves with the exit code (0 only if the lesson passes, 130
 * after Ctrl-C, which stops the run and records nothing).
 */
export async function lessonCommand(
  course: Course,
  arg: string | undefined,
  options: LessonOptions,
): Promise<number> {
  const found: { lesson: Lesson; run?: LessonOutcome } | undefined =
    arg === undefined
      ? await interruptible((signal) => firstUnfinished(course, signal))
      : { lesson: findLesson(course.lessons, arg) };
  if (found === undefined) {
    console.log(
      green(
        bold(`Every lesson passes: all ${course.lessons.length} are done.`),
      ),
    );
    console.log(`See them with ${cyan(task("list"))}.`);
    return 0;
  }
  const { lesson } = found;
  if (options.watch) {
    return await watchLessons(watchHost(course, options), lesson, {
      folder: course.paths.lessons,
      terminal: Deno.stdin.isTerminal(),
    });
  }
  return await interruptible(async (signal) => {
    console.log(intro(course, lesson, options));
    console.log("");
    const run = found.run ?? await runChosen(course, lesson, options, signal);
    const shown = show(course, lesson, run, options);
    console.log(shown.report);
    const clean = run.run.kind === "tested" && run.run.loadErrors.length === 0;
    return clean && shown.total > 0 && shown.passed === shown.total ? 0 : 1;
  });
}

/** The intro, with a note when earlier lessons run on the reference. */
function intro(course: Course, lesson: Lesson, options: LessonOptions): string {
  const note = options.referenceDeps && lesson.number > 1
    ? `\n${dim("Earlier lessons run on the reference (--reference-deps).")}`
    : "";
  return `${renderIntro(course.paths, lesson)}${note}`;
}

/** A finished run as the learner sees it: the report, and its counts. */
function show(
  course: Course,
  lesson: Lesson,
  run: LessonOutcome,
  options: LessonOptions,
): WatchedRun {
  const nextLesson = course.lessons.find((l) => l.number > lesson.number);
  let report = renderRun(course.paths, lesson, run, { nextLesson });
  const quick = lesson.meta.quickRun;
  if (quick !== undefined && !options.full) {
    report += dim(
      `\n\n${quick.note} Run them all: ${
        task(`lesson ${lesson.number} --full`)
      }`,
    );
  }
  const { passed, total } = run.verdict;
  return { report, passed, total };
}

/** The course, as the watch loop sees it. */
function watchHost(course: Course, options: LessonOptions): WatchHost {
  return {
    lessons: course.lessons,
    run: async (lesson, signal) => {
      const run = await runChosen(course, lesson, options, signal);
      return signal.aborted ? undefined : show(course, lesson, run, options);
    },
    intro: (lesson) => intro(course, lesson, options),
    hint: (lesson) => showHint(course, lesson),
    list: (current) => progressList(course, current),
    lessonsDone: () => lessonsDone(course),
    print: (text) => console.log(text),
    clear: () => {
      if (interactive) console.clear();
    },
  };
}

async function runChosen(
  course: Course,
  lesson: Lesson,
  options: LessonOptions,
  signal?: AbortSignal,
): Promise<LessonOutcome> {
  const { outcome } = await runOnLearnerCode(course, lesson, {
    scope: options.full ? "full" : "quick",
    referenceDeps: options.referenceDeps,
    reuse: true,
    signal,
  });
  return outcome;
}

/** The first lesson that does not pass, with its run if it had to be run to find out. */
async function firstUnfinished(
  course: Course,
  signal: AbortSignal,
): Promise<{ lesson: Lesson; run?: LessonOutcome } | undefined> {
  for (const lesson of course.lessons) {
    const { result, outcome } = await currentResult(course, lesson, signal);
    if (!isPassing(result)) return { lesson, run: outcome };
  }
  return undefined;
}
