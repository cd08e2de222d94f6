/**
 * `deno task grade [--json FILE] [--junit FILE]`: every lesson on the learner's code,
 * as a table and a score, and as files a teacher's tools can read.
 *
 * @module
 */

import { type Course, mapConcurrently, runOnLearnerCode } from "../course.ts";
import { isPassing } from "../state.ts";
import { bold, FAIL, PASS } from "../style.ts";
import type { TestRun } from "../test_run.ts";

/** Options of the `grade` command. */
export interface GradeOptions {
  /** Write the grades as JSON here. */
  readonly json?: string;
  /** Write every test's result as JUnit XML here. */
  readonly junit?: string;
}

/** One lesson's grade. */
export interface LessonGrade {
  /** E.g. `01-futures`. */
  readonly lesson: string;
  /** Its title. */
  readonly title: string;
  /** Tests that passed. */
  readonly passed: number;
  /** Tests in all (0 if none could run). */
  readonly total: number;
  /** Every test passed. */
  readonly done: boolean;
  /** Why no test could run, if none could. */
  readonly problem?: string;
}

/** Grade; resolves with 0 only if every lesson passes. */
export async function gradeCommand(
  course: Course,
  options: GradeOptions,
): Promise<number> {
  const runs = await mapConcurrently(
    course.lessons,
    2,
    (l) => runOnLearnerCode(course, l, undefined, "full"),
  );
  const grades: LessonGrade[] = course.lessons.map((lesson, i) => {
    const { run, result } = runs[i];
    return {
      lesson: lesson.id,
      title: lesson.meta.title,
      passed: result.passed,
      total: result.total,
      done: isPassing(result),
      ...(run.kind === "tested" ? {} : { problem: problemOf(run) }),
    };
  });
  const width = Math.max(...grades.map((g) => g.title.length));
  console.log(bold("Grade\n"));
  for (const g of grades) {
    const detail = g.problem === undefined
      ? `${g.passed}/${g.total}`
      : g.problem;
    console.log(
      `  ${g.done ? PASS : FAIL} ${g.lesson.slice(0, 2)}  ${
        g.title.padEnd(width)
      }  ${detail}`,
    );
  }
  const done = grades.filter((g) => g.done).length;
  const passed = grades.reduce((sum, g) => sum + g.passed, 0);
  const total = grades.reduce((sum, g) => sum + g.total, 0);
  console.log(
    `\n${
      bold(`Score: ${done} of ${grades.length} lessons`)
    }, ${passed} of ${total} tests.`,
  );
  if (options.json !== undefined) {
    const report = {
      lessonsDone: done,
      lessons: grades.length,
      testsPassed: passed,
      tests: total,
      grades,
    };
    await Deno.writeTextFile(
      options.json,
      JSON.stringify(report, null, 2) + "\n",
    );
    console.log(`Wrote ${options.json}`);
  }
  if (options.junit !== undefined) {
    const suites = await Promise.all(
      runs.map(({ run }, i) => junitSuite(course.lessons[i].id, run)),
    );
    await Deno.writeTextFile(
      options.junit,
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bounce grade">\n${
        suites.join("")
      }</testsuites>\n`,
    );
    console.log(`Wrote ${options.junit}`);
  }
  return done === grades.length ? 0 : 1;
}

function problemOf(run: Exclude<TestRun, { kind: "tested" }>): string {
  switch (run.kind) {
    case "type-errors":
      return "does not type-check";
    case "timed-out":
      return `did not finish within ${run.limitMs / 1000} s`;
    case "failed-to-start":
      return "tests could not start";
  }
}

/**
 * The lesson's `<testsuite>` elements: Deno's own report when the tests ran, or one
 * failing test case that says why none could.
 */
async function junitSuite(id: string, run: TestRun): Promise<string> {
  if (run.kind === "tested") {
    const xml = await Deno.readTextFile(run.junitPath);
    return [...xml.matchAll(/<testsuite [\s\S]*?<\/testsuite>\n?/g)].map((m) =>
      m[0]
    ).join("");
  }
  const message = escapeXml(problemOf(run));
  return `<testsuite name="${id}" tests="1" failures="1"><testcase name="${id}" classname="${id}">` +
    `<failure message="${message}">${message}</failure></testcase></testsuite>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
