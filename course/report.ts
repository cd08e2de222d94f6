/**
 * What `deno task lesson N` prints: the lesson, what to edit, each test's result, and
 * for the first failure what was expected, what came instead and where.
 *
 * @module
 */

import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { explainFailure } from "./failure.ts";
import type { TestCase } from "./junit.ts";
import { type Lesson, lessonHeading } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";
import { bold, cyan, dim, FAIL, green, PASS, red, yellow } from "./style.ts";
import type { TestRun } from "./test_run.ts";

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
  run: TestRun,
  next: { readonly nextLesson?: Lesson },
): string {
  const hint = `run ${cyan(`deno task hint ${lesson.number}`)} for a hint`;
  switch (run.kind) {
    case "type-errors": {
      const shown = run.errors.slice(0, 3).map((e) =>
        [
          `  ${
            cyan(
              `${
                relative(paths.root, fileURLToPath(e.file))
              }:${e.line}:${e.column}`,
            )
          } ${dim(e.code)}`,
          ...e.message.split("\n").map((l) => `    ${l}`),
          ...(e.source === "" ? [] : [`    ${dim("│")} ${e.source}`]),
        ].join("\n")
      );
      const more = run.errors.length > 3
        ? [dim(`  …and ${run.errors.length - 3} more`)]
        : [];
      return [
        red(bold("Your code does not type-check yet, so no test could run:")),
        ...shown,
        ...more,
        "",
        `${yellow("Next:")} fix the first error above and save; ${hint}.`,
      ].join("\n");
    }
    case "timed-out":
      return [
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
        "",
        `${yellow("Next:")} look for a loop without an exit; ${hint}.`,
      ].join("\n");
    case "failed-to-start":
      return [
        red(bold("The tests could not start:")),
        indent(run.message),
        "",
        `${yellow("Next:")} a missing or renamed file? ${
          cyan(`deno task reset ${lesson.number}`)
        } brings the starter back (your work is saved first).`,
      ].join("\n");
    case "tested":
      return renderTested(
        paths,
        lesson,
        run.cases,
        run.loadErrors,
        next.nextLesson,
        hint,
      );
  }
}

function renderTested(
  paths: CoursePaths,
  lesson: Lesson,
  cases: readonly TestCase[],
  loadErrors: readonly { file: string; text: string }[],
  nextLesson: Lesson | undefined,
  hint: string,
): string {
  const out: string[] = [];
  let file = "";
  for (const c of cases) {
    if (c.file !== file) {
      file = c.file;
      out.push(dim(file.replace(/^\.\//, "")));
    }
    out.push(`  ${c.passed ? PASS : FAIL} ${c.name}`);
  }
  for (const error of loadErrors) {
    out.push(
      dim(error.file.replace(/^\.\//, "")),
      `  ${FAIL} ${red("threw outside any test")}`,
    );
  }
  const passed = cases.filter((c) => c.passed).length;
  const total = cases.length + loadErrors.length;
  out.push("");
  if (total === 0) {
    out.push(red("No tests ran."), `${yellow("Next:")} ${hint}.`);
    return out.join("\n");
  }
  if (passed === total) {
    out.push(
      green(bold(`All ${total} tests pass. Lesson ${lesson.number} is done.`)),
    );
    out.push(
      nextLesson === undefined
        ? `${yellow("Next:")} every lesson so far is done; ${
          cyan("deno task list")
        } shows them all.`
        : `${yellow("Next:")} ${
          cyan(`deno task lesson ${nextLesson.number}`)
        } — ${nextLesson.meta.title}.`,
    );
    return out.join("\n");
  }
  out.push(`${bold(`${passed} of ${total}`)} tests pass.`, "");
  const loadError = loadErrors[0];
  const failed = cases.find((c) => !c.passed);
  if (loadError !== undefined) {
    out.push(
      `${red(bold("First failure:"))} ${loadError.file} threw outside any test`,
    );
    out.push(...describe(paths, loadError.text));
  } else if (failed !== undefined) {
    out.push(`${red(bold("First failure:"))} ${failed.name}`);
    out.push(...describe(paths, failed.failure ?? ""));
  }
  out.push("", `${yellow("Next:")} fix it and save (or use --watch); ${hint}.`);
  return out.join("\n");
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

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}
