/**
 * `deno task grade [--json FILE] [--junit FILE]`: every lesson on the learner's code,
 * as a table and a score, and as files a teacher's tools can read. The score counts
 * the tests each lesson has (`course/tests.json`): one that did not run is a failure.
 *
 * @module
 */

import { join } from "node:path";
import { type Course, mapConcurrently, runOnLearnerCode } from "../course.ts";
import type { LessonOutcome } from "../lesson_run.ts";
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

/** One test's grade. */
export interface TestGrade {
  /** The test's name. */
  readonly name: string;
  /** Its file, relative to the course root. */
  readonly file: string;
  /** What became of it. */
  readonly status: "passed" | "failed" | "not-run";
  /** Why it failed or did not run. */
  readonly message?: string;
}

/** One lesson's grade. */
export interface LessonGrade {
  /** E.g. `01-futures`. */
  readonly lesson: string;
  /** Its title. */
  readonly title: string;
  /** Tests that passed. */
  readonly passed: number;
  /** Tests the lesson has. */
  readonly total: number;
  /** Every test passed. */
  readonly done: boolean;
  /** Why the tests could not all run, if they could not. */
  readonly problem?: string;
  /** Seconds the tests took, once started (type-checking not counted). */
  readonly seconds?: number;
  /** Every test of the lesson. */
  readonly tests: readonly TestGrade[];
}

/** Grade; resolves with 0 only if every lesson passes. */
export async function gradeCommand(
  course: Course,
  options: GradeOptions,
): Promise<number> {
  const started = performance.now();
  const outcomes = await mapConcurrently(
    course.lessons,
    2,
    async (l) => (await runOnLearnerCode(course, l, { scope: "full" })).outcome,
  );
  const grades = course.lessons.map((lesson, i) =>
    gradeOf(lesson.id, lesson.meta.title, outcomes[i])
  );
  const width = Math.max(...grades.map((g) => g.title.length));
  console.log(bold("Grade\n"));
  for (const g of grades) {
    const detail = `${g.passed}/${g.total}${
      g.problem === undefined ? "" : `  ${g.problem}`
    }`;
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
      course: "bounce",
      courseVersion: await courseVersion(course),
      deno: Deno.version.deno,
      gradedAt: new Date().toISOString(),
      seconds: round((performance.now() - started) / 1000),
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
    await Deno.writeTextFile(options.junit, junitReport(grades));
    console.log(`Wrote ${options.junit}`);
  }
  return done === grades.length ? 0 : 1;
}

/** A lesson's grade from its run. */
export function gradeOf(
  id: string,
  title: string,
  outcome: LessonOutcome,
): LessonGrade {
  const { run, verdict } = outcome;
  const problem = problemOf(run);
  return {
    lesson: id,
    title,
    passed: verdict.passed,
    total: verdict.total,
    done: problem === undefined &&
      isPassing({
        fingerprint: "",
        passed: verdict.passed,
        total: verdict.total,
      }),
    ...(problem === undefined ? {} : { problem }),
    ...(run.kind === "tested" ? { seconds: round(run.elapsedMs / 1000) } : {}),
    tests: [
      ...verdict.tests.filter((t) => !t.extra).map((t) => ({
        name: t.name,
        file: t.file,
        status: t.status,
        ...(t.failure === undefined ? {} : { message: t.failure }),
      })),
      // A lesson none of whose tests is known still gets a case that says why.
      ...(verdict.total === 0 && problem !== undefined
        ? [{
          name: `${id} could not run`,
          file: "",
          status: "not-run" as const,
          message: problem,
        }]
        : []),
    ],
  };
}

/** Why a run did not test everything, in a line; undefined if it did. */
function problemOf(run: TestRun): string | undefined {
  switch (run.kind) {
    case "type-errors": {
      const first = run.errors[0];
      return `does not type-check: ${first.code} ${
        first.message.split("\n")[0]
      } (${first.file}:${first.line}:${first.column})`;
    }
    case "timed-out":
      return `did not finish within ${run.limitMs / 1000} s${
        run.runningTest === undefined ? "" : ` (running: ${run.runningTest})`
      }`;
    case "failed-to-start":
      return `tests could not start: ${run.message.split("\n")[0]}`;
    case "tested":
      return run.loadErrors.length > 0
        ? `an error was thrown outside any test: ${
          run.loadErrors[0].text.split("\n")[0]
        }`
        : undefined;
  }
}

/** Every lesson as a `<testsuite>`, every test it has as a `<testcase>`. */
function junitReport(grades: readonly LessonGrade[]): string {
  const suites = grades.map((g) => {
    const failures = g.tests.filter((t) => t.status !== "passed").length;
    const cases = g.tests.map((t) => {
      const open = `    <testcase name="${escapeXml(t.name)}" classname="${
        escapeXml(t.file || g.lesson)
      }"`;
      if (t.status === "passed") return `${open}/>`;
      const message = escapeXml(
        (t.message ?? t.status).split("\n")[0],
      );
      return `${open}>\n      <failure message="${message}">${
        escapeXml(t.message ?? "")
      }</failure>\n    </testcase>`;
    });
    return `  <testsuite name="${g.lesson}" tests="${g.tests.length}" failures="${failures}"${
      g.seconds === undefined ? "" : ` time="${g.seconds}"`
    }>\n${cases.join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bounce grade">\n${
    suites.join("\n")
  }\n</testsuites>\n`;
}

/** The course's version, from `deno.json`. */
async function courseVersion(course: Course): Promise<string> {
  try {
    const config = JSON.parse(
      await Deno.readTextFile(join(course.paths.root, "deno.json")),
    );
    return typeof config.version === "string" ? config.version : "unknown";
  } catch {
    return "unknown";
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
