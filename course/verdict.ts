/**
 * A lesson's verdict: each of the tests it has (see `known_tests.ts`) passed, failed
 * or did not run, and a test that did not run counts as failed. Whatever ends a run
 * early, a `Deno.exit`, a deleted test file, a file that throws as it loads, leaves
 * the count where it was and says why.
 *
 * @module
 */

import { basename, join, relative } from "node:path";
import type { TestCase } from "./junit.ts";
import type { TestNames } from "./known_tests.ts";
import type { Lesson } from "./lessons.ts";
import type { TestRun } from "./test_run.ts";

/** One of the lesson's tests, judged. */
export interface TestVerdict {
  /** The test's name. */
  readonly name: string;
  /** Its test file, relative to the course root. */
  readonly file: string;
  /** What became of it. */
  readonly status: "passed" | "failed" | "not-run";
  /** The error text when it failed, or why it did not run. */
  readonly failure?: string;
  /** What it printed, if anything. */
  readonly output?: string;
  /** True for a test the lesson does not have (the learner's own): not counted. */
  readonly extra?: boolean;
}

/** A lesson's verdict. */
export interface Verdict {
  /** Every test the lesson has, in order, then any extra ones. */
  readonly tests: readonly TestVerdict[];
  /** Tests of the lesson that passed. */
  readonly passed: number;
  /** Tests the lesson has. */
  readonly total: number;
  /** Known test files that are not there (relative paths). */
  readonly missingFiles: readonly string[];
}

/**
 * Judge `run` of `lesson` against `expected`, the names it should have produced. With
 * nothing recorded (a lesson not yet snapshotted), the tests that ran are all there is.
 */
export function judge(
  root: string,
  lesson: Lesson,
  run: TestRun,
  expected: TestNames | undefined,
): Verdict {
  const relativeFile = (file: string) => relative(root, join(lesson.dir, file));
  const cases = casesOf(run);
  const byName = new Map<string, TestCase[]>();
  for (const c of cases) byName.set(c.name, [...byName.get(c.name) ?? [], c]);
  const missingFiles = Object.keys(expected ?? {})
    .filter((file) => !lesson.tests.includes(file))
    .map(relativeFile);
  const notRun = (file: string, name: string): string => {
    const path = relativeFile(file);
    if (missingFiles.includes(path)) {
      return `did not run: its test file ${path} is missing`;
    }
    const parent = name.split(" > ")[0];
    if (parent !== name && byName.has(parent)) {
      return "did not run: its test stopped before this step";
    }
    return `did not run: ${whyNothingRan(run)}`;
  };

  const tests: TestVerdict[] = [];
  const known = new Set<string>();
  const names = expected ?? namesByFile(cases);
  for (const [file, fileNames] of Object.entries(names)) {
    for (const name of fileNames) {
      known.add(name);
      const ran = byName.get(name) ?? [];
      const failedCase = ran.find((c) => !c.passed);
      // A step's output is kept with its test's.
      const output = run.kind === "tested"
        ? run.outputs[name] ?? run.outputs[name.split(" > ")[0]]
        : undefined;
      tests.push({
        name,
        file: relativeFile(file),
        status: ran.length === 0
          ? "not-run"
          : failedCase === undefined
          ? "passed"
          : "failed",
        ...(ran.length === 0
          ? { failure: notRun(file, name) }
          : failedCase === undefined
          ? {}
          : { failure: failedCase.failure ?? "" }),
        ...(output === undefined || output === "" ? {} : { output }),
      });
    }
  }
  for (const [name, ran] of byName) {
    if (known.has(name)) continue;
    const failedCase = ran.find((c) => !c.passed);
    tests.push({
      name,
      file: ran[0].file.replace(/^\.\//, ""),
      status: failedCase === undefined ? "passed" : "failed",
      ...(failedCase === undefined ? {} : { failure: failedCase.failure }),
      extra: true,
    });
  }
  const counted = tests.filter((t) => !t.extra);
  return {
    tests,
    passed: counted.filter((t) => t.status === "passed").length,
    total: counted.length,
    missingFiles,
  };
}

/** Why none of a run's tests (or none after some point) ran. */
function whyNothingRan(run: TestRun): string {
  switch (run.kind) {
    case "type-errors": {
      const first = run.errors[0];
      return `the code does not type-check (${first.code} at ${
        first.file.replace(
          /^file:\/\/.*?\/(lessons|solutions|runtime)\//,
          "$1/",
        )
      }:${first.line}: ${first.message.split("\n")[0]})`;
    }
    case "timed-out":
      return `the run was stopped at its time limit of ${run.limitMs / 1000} s`;
    case "failed-to-start":
      return `the tests could not start (${run.message.split("\n")[0]})`;
    case "tested":
      return run.loadErrors.length > 0
        ? "an error thrown outside any test (while loading, or after a test ended) stopped the run"
        : "the test run ended before this test";
  }
}

/** What ran: the report's cases, or for a stopped run what its output says. */
function casesOf(run: TestRun): readonly TestCase[] {
  if (run.kind === "tested") return run.cases;
  if (run.kind !== "timed-out") return [];
  const passed = run.passedBefore.map((name) => ({
    name,
    file: "",
    passed: true,
  }));
  return run.runningTest === undefined ? passed : [
    ...passed,
    {
      name: run.runningTest,
      file: "",
      passed: false,
      failure: `Run stopped: it was still running at the time limit of ${
        run.limitMs / 1000
      } s`,
    },
  ];
}

function namesByFile(cases: readonly TestCase[]): TestNames {
  const names: Record<string, string[]> = {};
  for (const c of cases) (names[basename(c.file)] ??= []).push(c.name);
  return names;
}
