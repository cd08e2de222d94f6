/**
 * `deno task check [--only PARTS]`: the course's own suite, what CI runs. The code is
 * clean (fmt, lint, types); the course keeps its written contracts (the starters'
 * snapshot, permissions in agreement, each lesson's shape: see `contracts.ts`); the
 * engine's tests pass; and each lesson is honest: its tests pass on the reference
 * and fail on the starter, one by one.
 *
 * @module
 */

import { join } from "node:path";
import { lessonContractProblems } from "../contracts.ts";
import { type Course, mapConcurrently, runContext } from "../course.ts";
import { UserError } from "../errors.ts";
import {
  expectedTests,
  knownTestsFile,
  namesDiffer,
  namesOf,
} from "../known_tests.ts";
import type { Lesson } from "../lessons.ts";
import { permissionProblems } from "../permissions.ts";
import { referenceMap, writeImportMap } from "../import_map.ts";
import { CHECK_TIME_LIMIT_MS, runLesson } from "../lesson_run.ts";
import { runtimePermissions } from "../permissions.ts";
import { GRADE_ENTRY, gradeEntrySource, runtimeTests } from "../entry.ts";
import {
  readSnapshot,
  snapshotDifferences,
  takeSnapshot,
} from "../starters.ts";
import { bold, dim, FAIL, green, PASS, red } from "../style.ts";
import { cleanDenoError } from "../deno_output.ts";
import { runDeno, runTests, type TestRun } from "../test_run.ts";

/** The verdict of one check. */
interface Verdict {
  readonly ok: boolean;
  /** One line for the summary. */
  readonly summary: string;
  /** What went wrong, when it did. */
  readonly details?: string;
}

/**
 * Only a guard against a hang: fmt, lint, types and the engine's tests take a
 * minute or two even on a busy machine, and a verdict must not depend on its speed.
 */
const TOOL_TIME_LIMIT_MS = 900_000;

/** The parts of the check, in the order they run. */
export const CHECK_PARTS = [
  "fmt",
  "lint",
  "types",
  "contracts",
  "engine",
  "lessons",
  "runtime",
] as const;

/** One part of the check. */
export type CheckPart = typeof CHECK_PARTS[number];

/**
 * Parse `--only fmt,contracts`: the parts named, in the check's own order. Unknown
 * names are a {@linkcode UserError} that lists the known ones.
 */
export function parseParts(only: string | undefined): CheckPart[] {
  if (only === undefined) return [...CHECK_PARTS];
  const named = only.split(",").map((p) => p.trim()).filter((p) => p !== "");
  const unknown = named.filter((p) =>
    !(CHECK_PARTS as readonly string[]).includes(p)
  );
  if (named.length === 0 || unknown.length > 0) {
    throw new UserError(
      `--only takes parts of the check separated by commas, from: ${
        CHECK_PARTS.join(", ")
      }${unknown.length > 0 ? ` ("${unknown.join('", "')}" is not one)` : ""}.`,
      2,
    );
  }
  return CHECK_PARTS.filter((part) => named.includes(part));
}

/** Run the checks (all, or the parts in `only`); resolves with 0 only if all pass. */
export async function checkCommand(
  course: Course,
  only?: string,
): Promise<number> {
  const parts = parseParts(only);
  const started = performance.now();
  let failures = 0;
  let total = 0;
  const report = (name: string, verdict: Verdict) => {
    total++;
    if (!verdict.ok) failures++;
    console.log(
      `${verdict.ok ? PASS : FAIL} ${
        name.padEnd(width(course))
      } ${verdict.summary}`,
    );
    if (!verdict.ok && verdict.details) console.log(indent(verdict.details));
  };
  for (const part of parts) {
    switch (part) {
      case "fmt":
        report("fmt", await tool(course, ["fmt", "--check"], "formatted"));
        break;
      case "lint":
        report("lint", await tool(course, ["lint"], "no lint"));
        break;
      case "types":
        report(
          "types",
          await tool(
            course,
            ["check", "course", "lessons", "solutions", "runtime"],
            "type-checks",
          ),
        );
        break;
      case "contracts":
        report("starters", await checkSnapshot(course));
        report("permissions", await checkPermissions(course));
        report("contracts", await checkContracts(course));
        break;
      case "engine":
        report("engine", await checkEngine(course));
        break;
      case "lessons": {
        const verdicts = await mapConcurrently(
          course.lessons,
          2,
          (l) => checkLesson(course, l),
        );
        course.lessons.forEach((lesson, i) => report(lesson.id, verdicts[i]));
        break;
      }
      case "runtime":
        report("runtime", await checkRuntime(course));
        break;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log("");
  console.log(
    failures === 0
      ? green(bold(`All ${total} checks pass (${seconds} s).`))
      : red(bold(`${failures} of ${total} checks fail (${seconds} s).`)),
  );
  // The plain closing line CI tools read, whatever the language.
  console.log(`checks: ${total - failures} passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}

/** Room for the longest name in the summary. */
function width(course: Course): number {
  return Math.max(11, ...course.lessons.map((l) => l.id.length));
}

async function checkPermissions(course: Course): Promise<Verdict> {
  const problems = await permissionProblems(course.paths, course.lessons);
  if (problems.length === 0) {
    return {
      ok: true,
      summary: "lesson.ts, deno.json and the README agree",
    };
  }
  return {
    ok: false,
    summary: "lesson.ts, deno.json and the README disagree",
    details: problems.join("\n"),
  };
}

async function checkContracts(course: Course): Promise<Verdict> {
  const problems: string[] = [];
  for (const lesson of course.lessons) {
    for (const problem of await lessonContractProblems(lesson)) {
      problems.push(`${lesson.id}: ${problem}`);
    }
  }
  if (problems.length === 0) {
    return {
      ok: true,
      summary:
        `all ${course.lessons.length} lessons keep the authoring contracts`,
    };
  }
  return {
    ok: false,
    summary:
      `${problems.length} broken authoring contract(s); see the README's course-author section`,
    details: problems.join("\n"),
  };
}

async function tool(
  course: Course,
  args: string[],
  success: string,
): Promise<Verdict> {
  const output = await runDeno(course.paths.root, args, TOOL_TIME_LIMIT_MS);
  if (output.code === 0) return { ok: true, summary: success };
  return {
    ok: false,
    summary: `deno ${args.join(" ")} failed`,
    details: cleanDenoError(`${output.stdout}\n${output.stderr}`),
  };
}

async function checkSnapshot(course: Course): Promise<Verdict> {
  const differences = snapshotDifferences(
    await readSnapshot(course.paths),
    await takeSnapshot(course.lessons),
  );
  const gradeEntry = gradeEntrySource(
    course.paths.root,
    course.lessons,
    await runtimeTests(course.paths),
  );
  const committed = await Deno.readTextFile(
    join(course.paths.root, GRADE_ENTRY),
  ).catch(() => "");
  if (committed !== gradeEntry) {
    return {
      ok: false,
      summary: `${GRADE_ENTRY} does not load every test file`,
      details:
        "A test file was added, removed or renamed; record it: deno task snapshot",
    };
  }
  const duplicates = duplicateTestNames(course);
  if (duplicates.length > 0) {
    return {
      ok: false,
      summary: "test names must be unique across the course",
      details: duplicates.map((d) => `"${d}" is in more than one lesson`)
        .join("\n"),
    };
  }
  if (differences.length === 0) {
    return {
      ok: true,
      summary: "the snapshot reset restores matches lessons/",
    };
  }
  return {
    ok: false,
    summary: "course/starters.json differs from lessons/",
    details: `${
      differences.join("\n")
    }\nAfter changing a starter, record it: deno task snapshot`,
  };
}

/** Names recorded for more than one lesson (a run of several lessons tells them apart by name). */
function duplicateTestNames(course: Course): string[] {
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const [id, tests] of Object.entries(course.known)) {
    for (const name of Object.values(tests.full).flat()) {
      if (seen.has(name) && seen.get(name) !== id) duplicates.push(name);
      seen.set(name, id);
    }
  }
  return duplicates;
}

async function checkEngine(course: Course): Promise<Verdict> {
  const tests: string[] = [];
  for await (const entry of Deno.readDir(join(course.paths.root, "course"))) {
    if (entry.name.endsWith("_test.ts")) {
      tests.push(join(course.paths.root, "course", entry.name));
    }
  }
  const run = await runTests(course.paths, {
    files: tests.sort(),
    permissions: [
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-env",
    ],
    label: "engine",
    timeLimitMs: CHECK_TIME_LIMIT_MS,
  });
  return allPass(run, "the engine's tests");
}

async function checkRuntime(course: Course): Promise<Verdict> {
  const tests = await runtimeTests(course.paths);
  // The runtime uses every lesson, so it may do what any lesson's tests may, and
  // what its own tests need besides (paths in those are relative to the root).
  const permissions = [
    ...new Set(course.lessons.flatMap((l) => l.meta.permissions)),
    ...(await runtimePermissions(course.paths)).map((flag) =>
      rooted(course.paths.root, flag)
    ),
  ];
  const run = await runTests(course.paths, {
    files: tests.sort(),
    permissions,
    importMap: await writeImportMap(
      course.paths,
      "runtime.reference",
      await referenceMap(course.paths, course.lessons),
    ),
    label: "runtime.reference",
    timeLimitMs: CHECK_TIME_LIMIT_MS,
  });
  return allPass(run, "on the reference");
}

/**
 * A flag of `runtime/permissions.json` with its paths made absolute. Only read and
 * write take paths; a run or sys flag names a program or a call (`--allow-run=deno`,
 * `--allow-sys=hostname`) and stays as it is. Each path of a list is rooted.
 */
function rooted(root: string, flag: string): string {
  const match = /^(--allow-(?:read|write))=(.+)$/.exec(flag);
  if (match === null) return flag;
  const paths = match[2].split(",").map((path) => join(root, path));
  return `${match[1]}=${paths.join(",")}`;
}

/** A lesson is honest: all pass on the reference, and each fails on the starter. */
async function checkLesson(course: Course, lesson: Lesson): Promise<Verdict> {
  const problems: string[] = [];
  const context = runContext(course);
  const { run: reference } = await runLesson(
    context,
    lesson,
    "reference",
    "full",
  );
  const onReference = allPass(reference, "on the reference");
  if (!onReference.ok) {
    problems.push(`${onReference.summary}\n${onReference.details ?? ""}`);
  }
  problems.push(...recordedNames(course, lesson, reference, "full"));
  if (lesson.meta.quickRun !== undefined) {
    const { run: quick } = await runLesson(
      context,
      lesson,
      "reference",
      "quick",
    );
    problems.push(...recordedNames(course, lesson, quick, "quick"));
  }
  const { run: starter } = await runLesson(
    context,
    lesson,
    "starter",
    "quick",
  );
  const onStarter = failsOnStarter(lesson, starter);
  if (!onStarter.ok) {
    problems.push(`${onStarter.summary}\n${onStarter.details ?? ""}`);
  }
  if (problems.length > 0) {
    return {
      ok: false,
      summary: "is not honest yet",
      details: problems.join("\n").trim(),
    };
  }
  return {
    ok: true,
    summary:
      `reference: ${onReference.summary} · starter: ${onStarter.summary}`,
  };
}

/**
 * The names a run on the reference produced must be the ones recorded in
 * `course/tests.json`, which verdicts count: else a changed test would go uncounted.
 */
function recordedNames(
  course: Course,
  lesson: Lesson,
  run: TestRun,
  scope: "quick" | "full",
): string[] {
  if (run.kind !== "tested") return [];
  // A quick run may stop early where the reference is slow (lesson 8's quick
  // Promises/A+ run has Mocha's own short time limits): only a quick run that
  // passed says which tests a quick run has.
  if (scope === "quick" && run.cases.some((c) => !c.passed)) return [];
  const expected = expectedTests(course.known, lesson, scope);
  const actual = namesOf(run.cases, lesson, lesson.tests[0] ?? "");
  const differences = expected === undefined
    ? [`no tests are recorded for it`]
    : namesDiffer(expected, actual);
  if (differences.length === 0) return [];
  return [
    `the ${scope} run's test names differ from ${
      knownTestsFile(course.paths)
    }; after changing a test, record them: deno task snapshot`,
    ...differences.map((d) => `  ${d}`),
  ];
}

function allPass(run: TestRun, what: string): Verdict {
  if (run.kind !== "tested") {
    return {
      ok: false,
      summary: `${what}: ${run.kind}`,
      details: JSON.stringify(run, null, 2),
    };
  }
  const failed = run.cases.filter((c) => !c.passed);
  const total = run.cases.length + run.loadErrors.length;
  if (total === 0) return { ok: false, summary: `${what}: no tests ran` };
  if (failed.length === 0 && run.loadErrors.length === 0) {
    return { ok: true, summary: `${total}/${total} pass` };
  }
  return {
    ok: false,
    summary: `${what}: ${
      failed.length + run.loadErrors.length
    } of ${total} fail`,
    details: [
      ...failed.map((c) => `${c.name}\n${indent(c.failure ?? "")}`),
      ...run.loadErrors.map((e) =>
        `${e.file} could not load\n${indent(e.text)}`
      ),
    ].join("\n"),
  };
}

function failsOnStarter(lesson: Lesson, run: TestRun): Verdict {
  if (run.kind !== "tested") {
    return {
      ok: false,
      summary: `on the starter: ${run.kind}`,
      details: JSON.stringify(run, null, 2),
    };
  }
  const allowed = lesson.meta.allowedToPassOnStarter ?? {};
  const names = new Set(run.cases.map((c) => c.name));
  const unknown = Object.keys(allowed).filter((name) => !names.has(name));
  const wrongly = run.cases.filter((c) => c.passed && !(c.name in allowed));
  const total = run.cases.length + run.loadErrors.length;
  if (total === 0) {
    return { ok: false, summary: "on the starter: no tests ran" };
  }
  if (wrongly.length > 0 || unknown.length > 0) {
    return {
      ok: false,
      summary: `on the starter, ${wrongly.length} test(s) pass that must fail`,
      details: [
        ...wrongly.map((c) => `passes on the starter: ${c.name}`),
        ...unknown.map((n) => `allowedToPassOnStarter names no test: ${n}`),
      ].join("\n"),
    };
  }
  const allowedNote = Object.keys(allowed).length > 0
    ? dim(` (${Object.keys(allowed).length} allowed to pass)`)
    : "";
  return {
    ok: true,
    summary: `${
      total - run.cases.filter((c) => c.passed).length
    }/${total} fail${allowedNote}`,
  };
}

function indent(text: string): string {
  return text.split("\n").map((l) => `    ${l}`).join("\n");
}
