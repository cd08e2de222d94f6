/**
 * The files `deno task new-lesson` writes: a lesson that already keeps every
 * contract `deno task check` verifies (its one test fails on the starter and passes
 * on the reference), with TODOs where the author's work goes.
 *
 * @module
 */

/** What a new lesson is called. */
export interface LessonSketch {
  /** Its number, e.g. 10. */
  readonly number: number;
  /** Its folder name's slug, e.g. `lox-scanner`. */
  readonly slug: string;
  /** Its title, e.g. "Scanning Lox". */
  readonly title: string;
  /** The module the learner edits, without `.ts`, e.g. `scanner`. */
  readonly module: string;
}

/** `10-lox-scanner`. */
export function lessonId(sketch: LessonSketch): string {
  return `${String(sketch.number).padStart(2, "0")}-${sketch.slug}`;
}

/** The name of the starter's one function: `lox_scanner` gives `loxScanner`. */
export function functionName(sketch: LessonSketch): string {
  return sketch.module.replace(
    /_([a-z0-9])/g,
    (_, c: string) => c.toUpperCase(),
  );
}

/** File name (relative to the lesson folder) to content, for `lessons/NN-slug/`. */
export function lessonFiles(sketch: LessonSketch): Record<string, string> {
  const nn = String(sketch.number).padStart(2, "0");
  const fn = functionName(sketch);
  return {
    "README.md": `# Lesson ${nn} — ${sketch.title}

**Goal:** TODO: the goal, in one sentence (lesson.ts says it too).

TODO: why this lesson matters, in a paragraph.

## The idea

TODO: the concept from first principles, a small diagram and a worked example.

## Your tasks

1. In \`${sketch.module}.ts\`, write \`${fn}\`.

## What the tests check

TODO: one line per test file.

## Coming from Rust

TODO: what Rust does here, and why TypeScript differs.

## Going further

TODO.

## Further reading

TODO: chapter-precise references.
`,
    "lesson.ts": `import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson ${nn}, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: ${JSON.stringify(sketch.title)},
  goal: "TODO: the goal, in one sentence.",
  files: [${JSON.stringify(`${sketch.module}.ts`)}],
  permissions: [],
};
`,
    [`${sketch.module}.ts`]: `/**
 * TODO: what this module is, for the learner.
 *
 * @module
 */

/** TODO: what \`${fn}\` does, with an example. */
export function ${fn}(input: string): string {
  // TODO: the learner writes this.
  throw new Error(\`not implemented: ${fn}(\${input})\`);
}
`,
    [`${sketch.module}_test.ts`]: `import assert from "node:assert/strict";
import { ${fn} } from "./${sketch.module}.ts";

// TODO: tests whose names teach, one behaviour each.
Deno.test("${fn} gives its input back", () => {
  assert.equal(${fn}("bounce"), "bounce");
});
`,
  };
}

/** File name to content, for `solutions/NN-slug/`. */
export function solutionFiles(sketch: LessonSketch): Record<string, string> {
  const fn = functionName(sketch);
  return {
    [`${sketch.module}.ts`]: `/**
 * TODO: what this module is, for the learner.
 *
 * @module
 */

/** TODO: what \`${fn}\` does, with an example. */
export function ${fn}(input: string): string {
  return input;
}
`,
    "hints.md": `# Hints: lesson ${
      String(sketch.number).padStart(2, "0")
    }, ${sketch.title}

The engine shows these one level at a time (\`deno task hint N\`), each
\`## Hint K\` section a step nearer the answer: two to four of them.

## Hint 1

TODO: a nudge.

## Hint 2

TODO: a near-answer.
`,
  };
}
