/**
 * What `deno task lesson N` prints: the lesson, what to edit, each of its tests and
 * what became of it, and for the first failure what was expected, what came instead,
 * where, and what the test printed; then advice that fits the kind of failure.
 *
 * @module
 */

import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { explainFailure } from "./failure.ts";
import { task } from "./launcher.ts";
import { type Lesson, lessonHeading } from "./lessons.ts";
import type { LessonOutcome } from "./lesson_run.ts";
import type { CoursePaths } from "./paths.ts";
import { bold, cyan, dim, FAIL, green, PASS, red, yellow } from "./style.ts";
import type { TestRun } from "./test_run.ts";
import type { TestVerdict, Verdict } from "./verdict.ts";

/** The mark for a test that did not run. */
const NOT_RUN = dim("·");

/** The most lines of a test's own output shown under its failure. */
const OUTPUT_LINES = 20;

/** The lesson's title, goal and files to edit. */
export function renderIntro(paths: CoursePaths, lesson: Lesson): string {
  const files = lesson.meta.files.map((f) =>
    cyan(relative(paths.root, `${lesson.dir}/${f}`))
  );
  return [
    bold(lessonHeading(lesson)),
    `${bold("Goal:")} ${lesson.meta.goal}`,
    `${bold("Edit:")} ${files.join(", ")}`,
    `${bold("Read:")} ${cyan(relative(paths.root, `${lesson.dir}/README.md`))}`,
  ].join("\n");
}

/** The results of a run, in the learner's words, ending with the next step. */
export function renderRun(
  paths: CoursePaths,
  lesson: Lesson,
  outcome: LessonOutcome,
  next: { readonly nextLesson?: Lesson },
): string {
  const { run, verdict } = outcome;
  const hint = `run ${cyan(task(`hint ${lesson.number}`))} for a hint`;
  const onReference = outcome.onReference.length === 0 ? [] : [
    yellow(
      `Ran on the reference of lesson${
        outcome.onReference.length > 1 ? "s" : ""
      } ${
        outcome.onReference.map((id) => id.slice(0, 2)).join(", ")
      } (--reference-deps); your own code for the rest.`,
    ),
    "",
  ];
  return [
    ...onReference,
    ...renderOutcome(paths, lesson, run, verdict, {
      ...next,
      hint,
      onReference: outcome.onReference,
    }),
  ].join("\n");
}

interface Next {
  readonly nextLesson?: Lesson;
  readonly hint: string;
  readonly onReference: readonly string[];
}

function renderOutcome(
  paths: CoursePaths,
  lesson: Lesson,
  run: TestRun,
  verdict: Verdict,
  next: Next,
): string[] {
  switch (run.kind) {
    case "type-errors": {
      const shown = run.errors.slice(0, 3).map((e) =>
        [
          `  ${cyan(`${where(paths, e.file)}:${e.line}:${e.column}`)} ${
            dim(e.code)
          }`,
          ...e.message.split("\n").map((l) => `    ${l}`),
          ...(e.source === "" ? [] : [`    ${dim("│")} ${e.source}`]),
        ].join("\n")
      );
      const more = run.errors.length > 3
        ? [dim(`  …and ${run.errors.length - 3} more`)]
        : [];
      return [
        red(
          bold(
            `Your code does not type-check yet, so none of the ${verdict.total} tests could run:`,
          ),
        ),
        ...shown,
        ...more,
        "",
        `${yellow("Next:")} fix the first error above and save; ${next.hint}.`,
      ];
    }
    case "timed-out":
      return [
        ...testList(verdict),
        "",
        red(
          bold(
            `Your code did not finish within ${
              run.limitMs / 1000
            } s, so the run was stopped.`,
          ),
        ),
        ...(run.runningTest === undefined
          ? []
          : [`  It was running: ${bold(run.runningTest)}`]),
        "  A loop that never ends, or a future that is never woken, looks like this.",
        `  ${bold(`${verdict.passed} of ${verdict.total}`)} tests pass.`,
        "",
        `${yellow("Next:")} look for a loop without an exit; ${next.hint}.`,
      ];
    case "failed-to-start":
      return [
        red(bold("The tests could not start:")),
        indent(run.message),
        "",
        `${yellow("Next:")} ${startAdvice(lesson, run.cause, next.hint)}`,
      ];
    case "tested":
      return renderTested(paths, run, verdict, lesson, next);
  }
}

/** Advice that fits why the tests could not start. */
function startAdvice(
  lesson: Lesson,
  cause: Extract<TestRun, { kind: "failed-to-start" }>["cause"],
  hint: string,
): string {
  switch (cause) {
    case "syntax-error":
      return `a file does not parse: fix it at the place named above and save (your file is as you left it); ${hint}.`;
    case "missing-module":
      return `a file the tests import is missing. If you renamed or deleted one of the lesson's files, put it back under its name; ${
        cyan(task(`reset ${lesson.number}`))
      } restores the starters, after saving your files to .bounce/backups/.`;
    case "missing-reference":
      return `this is not your code: the course's solutions/ folder is incomplete (git can restore it). Without --reference-deps the lesson runs on your own code.`;
    case "other":
      return `the message above says what stopped Deno; ${hint}.`;
  }
}

function renderTested(
  paths: CoursePaths,
  run: Extract<TestRun, { kind: "tested" }>,
  verdict: Verdict,
  lesson: Lesson,
  next: Next,
): string[] {
  const out = testList(verdict);
  if (run.loadErrors.length > 0) {
    out.push(`  ${FAIL} ${red("code threw outside any test")}`);
  }
  out.push("");
  if (verdict.total === 0) {
    out.push(red("No tests ran."));
    const thrown = run.loadErrors[0];
    if (thrown !== undefined) out.push(...describe(paths, thrown.text));
    out.push(`${yellow("Next:")} ${next.hint}.`);
    return out;
  }
  const failures = verdict.total - verdict.passed;
  if (failures === 0 && run.loadErrors.length === 0) {
    if (next.onReference.length > 0) {
      out.push(
        green(bold(`All ${verdict.total} tests pass`)) +
          " on the reference of the earlier lessons named above.",
        `${yellow("Next:")} finish those lessons: ${
          cyan(task(`lesson ${Number(next.onReference[0].slice(0, 2))}`))
        }; this lesson counts as done once it passes on your code alone.`,
      );
      return out;
    }
    out.push(
      green(
        bold(
          `All ${verdict.total} tests pass. Lesson ${lesson.number} is done.`,
        ),
      ),
      next.nextLesson === undefined
        ? `${yellow("Next:")} every lesson so far is done; ${
          cyan(task("list"))
        } shows them all.`
        : `${yellow("Next:")} ${
          cyan(task(`lesson ${next.nextLesson.number}`))
        } — ${next.nextLesson.meta.title}.`,
    );
    return out;
  }
  out.push(`${bold(`${verdict.passed} of ${verdict.total}`)} tests pass.`, "");
  const loadError = run.loadErrors[0];
  const failed = verdict.tests.find((t) => t.status === "failed" && !t.extra);
  const notRun = verdict.tests.find((t) => t.status === "not-run");
  if (loadError !== undefined) {
    out.push(
      `${
        red(bold("First failure:"))
      } code threw outside any test (as a module loaded, or after its test ended)`,
      ...describe(paths, loadError.text),
    );
  } else if (failed !== undefined) {
    out.push(
      `${red(bold("First failure:"))} ${failed.name}`,
      ...describe(paths, failed.failure ?? ""),
      ...printed(failed),
    );
  } else if (notRun !== undefined) {
    out.push(
      `${red(bold("First failure:"))} ${notRun.name}`,
      `  ${notRun.failure ?? "did not run"}.`,
    );
  }
  const advice = verdict.missingFiles.length > 0
    ? `put the missing test file back (git checkout -- ${
      verdict.missingFiles[0]
    }): its tests count as failed while it is gone; ${next.hint}.`
    : `fix it and save (or use --watch); ${next.hint}.`;
  out.push("", `${yellow("Next:")} ${advice}`);
  return out;
}

/** Every test, by file: ✓ passed, ✗ failed, · did not run. */
function testList(verdict: Verdict): string[] {
  const out: string[] = [];
  let file = "";
  let parent = "";
  for (const t of verdict.tests) {
    if (t.file !== file) {
      file = t.file;
      out.push(dim(file));
    }
    // A step is shown under its test, by its own name.
    const step = parent !== "" && t.name.startsWith(`${parent} > `);
    if (!step) parent = t.name;
    const name = step ? t.name.slice(`${parent} > `.length) : t.name;
    const mark = t.status === "passed"
      ? PASS
      : t.status === "failed"
      ? FAIL
      : NOT_RUN;
    const note = t.status === "not-run"
      ? dim(" (did not run)")
      : t.extra
      ? dim(" (not one of the lesson's tests: not counted)")
      : "";
    out.push(`${step ? "    " : "  "}${mark} ${name}${note}`);
  }
  return out;
}

/** What a failing test printed, so debugging by printing works. */
function printed(test: TestVerdict): string[] {
  if (test.output === undefined) return [];
  const lines = test.output.split("\n");
  const shown = lines.slice(0, OUTPUT_LINES).map((l) => `    ${dim("│")} ${l}`);
  return [
    `  ${dim("It printed:")}`,
    ...shown,
    ...(lines.length > OUTPUT_LINES
      ? [`    ${dim(`…and ${lines.length - OUTPUT_LINES} more lines`)}`]
      : []),
  ];
}

function describe(paths: CoursePaths, text: string): string[] {
  const explained = explainFailure(text, paths.root);
  return [
    `  ${explained.summary}`,
    ...explained.details.map((l) => `    ${l}`),
    ...explained.where.map((w, i) =>
      `  ${dim(i === 0 ? "at" : "  ")} ${cyan(w)}`
    ),
  ];
}

function where(paths: CoursePaths, file: string): string {
  return file.startsWith("file:")
    ? relative(paths.root, fileURLToPath(file))
    : file;
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}
