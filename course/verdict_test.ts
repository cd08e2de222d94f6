/**
 * Verdicts nobody can fake, and the reports around them, tried as a learner would:
 * `deno task …` in a copy of a two-lesson fixture course (lesson 02 builds on 01).
 * No test here depends on the machine's speed: the one time limit in play is far
 * above what the fixture needs.
 */

import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import type { Lesson } from "./lessons.ts";
import { thisCourse } from "./paths.ts";
import { judge } from "./verdict.ts";

const ALPHA_STARTER = `/** Twice \`n\`. */
export function double(n: number): number {
  throw new Error(\`not implemented: double(\${n})\`);
}
`;

const ALPHA_REFERENCE = `/** Twice \`n\`. */
export function double(n: number): number {
  return n * 2;
}
`;

const BETA_STARTER = `import { double } from "../01-alpha/alpha.ts";

/** Four times \`n\`, by doubling twice. */
export function quadruple(n: number): number {
  throw new Error(\`not implemented: quadruple(\${double(n)})\`);
}
`;

const BETA_REFERENCE =
  `import { double } from "../../lessons/01-alpha/alpha.ts";

/** Four times \`n\`, by doubling twice. */
export function quadruple(n: number): number {
  return double(double(n));
}
`;

const FILES: Record<string, string> = {
  "lessons/01-alpha/lesson.ts": lessonMeta("Alpha", "alpha.ts"),
  "lessons/01-alpha/README.md": "# Lesson 01 — Alpha\n",
  "lessons/01-alpha/alpha.ts": ALPHA_STARTER,
  "lessons/01-alpha/alpha_test.ts": `import assert from "node:assert/strict";
import { double } from "./alpha.ts";

Deno.test("double doubles", () => {
  assert.equal(double(2), 4);
});

Deno.test("double keeps zero", () => {
  console.log("checking zero, as the learner asked");
  assert.equal(double(0), 0);
});
`,
  "lessons/01-alpha/more_test.ts": `import assert from "node:assert/strict";
import { double } from "./alpha.ts";

Deno.test("double of a negative is negative", () => {
  assert.equal(double(-3), -6);
});
`,
  "solutions/01-alpha/alpha.ts": ALPHA_REFERENCE,
  "solutions/01-alpha/hints.md":
    "## Hint 1\n\nMultiply.\n\n## Hint 2\n\nBy two.\n",
  "lessons/02-beta/lesson.ts": lessonMeta("Beta", "beta.ts"),
  "lessons/02-beta/README.md": "# Lesson 02 — Beta\n",
  "lessons/02-beta/beta.ts": BETA_STARTER,
  "lessons/02-beta/beta_test.ts": `import assert from "node:assert/strict";
import { quadruple } from "./beta.ts";

Deno.test("quadruple is four times", () => {
  assert.equal(quadruple(3), 12);
});
`,
  "solutions/02-beta/beta.ts": BETA_REFERENCE,
  "solutions/02-beta/hints.md": "## Hint 1\n\nTwice.\n\n## Hint 2\n\nDouble.\n",
};

function lessonMeta(title: string, file: string): string {
  return `import type { LessonMeta } from "../../course/lesson_meta.ts";

/** A fixture lesson. */
export const lesson: LessonMeta = {
  title: "${title}",
  goal: "Pass the fixture's tests.",
  files: ["${file}"],
  permissions: [],
};
`;
}

/** The fixture, built once, when first needed: engine, config, lessons, snapshot. */
let template: Promise<string> | undefined;

function fixtureTemplate(): Promise<string> {
  template ??= buildTemplate();
  return template;
}

async function buildTemplate(): Promise<string> {
  const root = thisCourse().root;
  const dir = await Deno.makeTempDir({ prefix: "bounce-verdict-template-" });
  await cp(join(root, "course"), join(dir, "course"), { recursive: true });
  for (const file of ["deno.json", "deno.lock"]) {
    await Deno.copyFile(join(root, file), join(dir, file));
  }
  for (const [path, text] of Object.entries(FILES)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
  await Deno.mkdir(join(dir, "runtime"));
  const snapshot = await task(dir, "snapshot");
  assert.equal(snapshot.code, 0, snapshot.stdout + snapshot.stderr);
  await Deno.remove(join(dir, ".bounce"), { recursive: true });
  globalThis.addEventListener("unload", () => {
    Deno.removeSync(dir, { recursive: true });
  });
  return dir;
}

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `deno task <args>` in `dir`, as a learner with Deno installed types it. */
async function task(
  dir: string,
  ...args: string[]
): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", ...args],
    cwd: dir,
    env: { NO_COLOR: "1", npm_command: "", npm_lifecycle_event: "" },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

/** Run `body` in a fresh copy of the fixture, removing it afterwards. */
async function inFixture(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "bounce-verdict-" });
  try {
    await cp(await fixtureTemplate(), dir, { recursive: true });
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function write(dir: string, path: string, text: string): Promise<void> {
  await Deno.writeTextFile(join(dir, path), text);
}

async function append(dir: string, path: string, text: string): Promise<void> {
  await Deno.writeTextFile(join(dir, path), text, { append: true });
}

const STACK_FRAME = /^\s+at .*:\d+:\d+/m;

Deno.test("snapshot records every test name of the fixture, by file", async () => {
  const known = JSON.parse(
    await Deno.readTextFile(join(await fixtureTemplate(), "course/tests.json")),
  );
  assert.deepEqual(known, {
    "01-alpha": {
      full: {
        "alpha_test.ts": ["double doubles", "double keeps zero"],
        "more_test.ts": ["double of a negative is negative"],
      },
    },
    "02-beta": { full: { "beta_test.ts": ["quadruple is four times"] } },
  });
});

Deno.test("Deno.exit(0) in a finished lesson's module fails lesson, grade, JSON and JUnit", async () => {
  await inFixture(async (dir) => {
    await write(dir, "lessons/01-alpha/alpha.ts", ALPHA_REFERENCE);
    await append(dir, "lessons/01-alpha/alpha.ts", "\nDeno.exit(0);\n");
    const lesson = await task(dir, "lesson", "1");
    assert.equal(lesson.code, 1, lesson.stdout);
    assert.match(lesson.stdout, /0 of 3 tests pass/);
    assert.match(lesson.stdout, /your code called Deno\.exit\(0\)/);
    assert.doesNotMatch(lesson.stdout, /Lesson 1 is done/);

    const grade = await task(
      dir,
      "grade",
      "--json",
      "grade.json",
      "--junit",
      "grade.xml",
    );
    assert.equal(grade.code, 1, grade.stdout);
    const json = JSON.parse(await Deno.readTextFile(join(dir, "grade.json")));
    assert.equal(json.tests, 4);
    assert.equal(json.testsPassed, 0);
    assert.equal(json.grades[0].total, 3);
    assert.match(json.grades[0].problem, /Deno\.exit\(0\)/);
    assert.match(json.grades[0].tests[0].message, /did not run/);
    const xml = await Deno.readTextFile(join(dir, "grade.xml"));
    assert.equal(xml.match(/<testcase /g)?.length, 4);
    assert.equal(xml.match(/<failure /g)?.length, 4);
  });
});

Deno.test("a deleted test file counts its tests as failed, and says so", async () => {
  await inFixture(async (dir) => {
    await write(dir, "lessons/01-alpha/alpha.ts", ALPHA_REFERENCE);
    await Deno.remove(join(dir, "lessons/01-alpha/more_test.ts"));
    const lesson = await task(dir, "lesson", "1");
    assert.equal(lesson.code, 1, lesson.stdout);
    assert.match(lesson.stdout, /2 of 3 tests pass/);
    assert.match(
      lesson.stdout,
      /did not run: its test file lessons\/01-alpha\/more_test\.ts is missing/,
    );
    const grade = await task(dir, "grade", "--json", "grade.json");
    const json = JSON.parse(await Deno.readTextFile(join(dir, "grade.json")));
    assert.equal(json.tests, 4, "the total does not shrink");
    assert.equal(json.grades[0].passed, 2);
    assert.equal(grade.code, 1);
  });
});

Deno.test("a module that throws as it loads fails every test, with its error", async () => {
  await inFixture(async (dir) => {
    await write(dir, "lessons/01-alpha/alpha.ts", ALPHA_REFERENCE);
    await append(
      dir,
      "lessons/01-alpha/alpha.ts",
      '\nthrow new Error("boom on load");\n',
    );
    const lesson = await task(dir, "lesson", "1");
    assert.equal(lesson.code, 1);
    assert.match(lesson.stdout, /0 of 3 tests pass/);
    assert.match(lesson.stdout, /threw outside any test/);
    assert.match(lesson.stdout, /boom on load/);
    assert.match(lesson.stdout, /lessons\/01-alpha\/alpha\.ts:\d+:\d+/);
  });
});

Deno.test("a syntax error gets advice to fix it, never to reset", async () => {
  await inFixture(async (dir) => {
    await append(dir, "lessons/01-alpha/alpha.ts", "\nexport const = ;\n");
    const lesson = await task(dir, "lesson", "1");
    assert.equal(lesson.code, 1);
    assert.match(lesson.stdout, /could not start/);
    assert.match(lesson.stdout, /lessons\/01-alpha\/alpha\.ts/);
    assert.match(lesson.stdout, /does not parse/);
    assert.doesNotMatch(lesson.stdout, /reset/);
    assert.doesNotMatch(lesson.stdout + lesson.stderr, STACK_FRAME);
  });
});

Deno.test("a missing module the tests import is named, and reset is offered as a restore", async () => {
  await inFixture(async (dir) => {
    await Deno.remove(join(dir, "lessons/01-alpha/alpha.ts"));
    const lesson = await task(dir, "lesson", "1");
    assert.equal(lesson.code, 1);
    assert.match(lesson.stdout, /alpha\.ts/);
    assert.match(lesson.stdout, /is missing/);
    assert.match(lesson.stdout, /saving your files/);
  });
});

Deno.test("a failing test's own console.log output is shown", async () => {
  await inFixture(async (dir) => {
    await write(
      dir,
      "lessons/01-alpha/alpha.ts",
      ALPHA_REFERENCE.replace("n * 2", "n === 0 ? 1 : n * 2"),
    );
    const lesson = await task(dir, "lesson", "1");
    assert.equal(lesson.code, 1);
    assert.match(lesson.stdout, /First failure: double keeps zero/);
    assert.match(
      lesson.stdout,
      /It printed:\n.*checking zero, as the learner asked/,
    );
  });
});

Deno.test("unchanged, a lesson's last run is reused; after an edit it runs again", async () => {
  await inFixture(async (dir) => {
    await write(dir, "lessons/01-alpha/alpha.ts", ALPHA_REFERENCE);
    const first = await task(dir, "lesson", "1");
    assert.equal(first.code, 0, first.stdout);
    const again = await task(dir, "lesson", "1");
    assert.equal(again.stdout, first.stdout);
    await append(dir, "lessons/01-alpha/alpha.ts", "\nDeno.exit(0);\n");
    const edited = await task(dir, "lesson", "1");
    assert.equal(edited.code, 1, "an edit is never answered from the cache");
  });
});

Deno.test("--reference-deps keeps passed lessons the learner's, says which ran on the reference, and list does not call it done", async () => {
  await inFixture(async (dir) => {
    await write(
      dir,
      "lessons/02-beta/beta.ts",
      BETA_REFERENCE.replace("../../lessons/01-alpha/", "../01-alpha/"),
    );
    const onReference = await task(dir, "lesson", "2", "--reference-deps");
    assert.equal(onReference.code, 0, onReference.stdout);
    assert.match(onReference.stdout, /Ran on the reference of lesson 01/);
    assert.match(
      onReference.stdout,
      /counts as done once it passes on your code/,
    );
    const list = await task(dir, "list");
    assert.match(list.stdout, /02 .*passes on the reference of 01/);
    assert.match(list.stdout, /0 of 2 lessons done/);

    await write(dir, "lessons/01-alpha/alpha.ts", ALPHA_REFERENCE);
    assert.equal((await task(dir, "lesson", "1")).code, 0);
    const own = await task(dir, "lesson", "2", "--reference-deps");
    assert.equal(own.code, 0, own.stdout);
    assert.doesNotMatch(own.stdout, /Ran on the reference/);
    assert.match(own.stdout, /Lesson 2 is done/);
  });
});

Deno.test("a missing reference file is the course's problem, not the learner's type error", async () => {
  await inFixture(async (dir) => {
    await Deno.remove(join(dir, "solutions/01-alpha/alpha.ts"));
    const out = await task(dir, "lesson", "2", "--reference-deps");
    assert.equal(out.code, 1);
    assert.match(
      out.stdout,
      /reference is missing solutions\/01-alpha\/alpha\.ts/,
    );
    assert.match(out.stdout, /not your code/);
    assert.doesNotMatch(out.stdout, /type-check/);
  });
});

const LESSON: Lesson = {
  number: 1,
  id: "01-alpha",
  meta: { title: "Alpha", goal: "", files: ["alpha.ts"], permissions: [] },
  dir: "/course/lessons/01-alpha",
  solutionDir: "/course/solutions/01-alpha",
  modules: ["alpha.ts"],
  tests: ["alpha_test.ts"],
  hints: [],
};

const KNOWN = { "alpha_test.ts": ["one", "two", "three"] };

Deno.test("judge: a run stopped at its limit keeps the passes before it, fails the rest", () => {
  const verdict = judge("/course", LESSON, {
    kind: "timed-out",
    limitMs: 20_000,
    runningTest: "two",
    passedBefore: ["one"],
  }, KNOWN);
  assert.equal(verdict.passed, 1);
  assert.equal(verdict.total, 3);
  assert.deepEqual(verdict.tests.map((t) => t.status), [
    "passed",
    "failed",
    "not-run",
  ]);
  assert.match(verdict.tests[2].failure ?? "", /stopped at its time limit/);
});

Deno.test("judge: a test of the learner's own is shown but not counted, and a name run twice passes only if both pass", () => {
  const cases = [
    { name: "one", file: "./lessons/01-alpha/alpha_test.ts", passed: true },
    { name: "two", file: "./lessons/01-alpha/alpha_test.ts", passed: true },
    {
      name: "two",
      file: "./lessons/01-alpha/alpha.ts",
      passed: false,
      failure: "Error: x",
    },
    { name: "three", file: "./lessons/01-alpha/alpha_test.ts", passed: true },
    { name: "mine", file: "./lessons/01-alpha/alpha.ts", passed: true },
  ];
  const verdict = judge("/course", LESSON, {
    kind: "tested",
    cases,
    loadErrors: [],
    outputs: {},
    elapsedMs: 1,
  }, KNOWN);
  assert.equal(verdict.total, 3);
  assert.equal(verdict.passed, 2);
  assert.equal(verdict.tests.find((t) => t.name === "mine")?.extra, true);
});

/** `deno test -P` in `dir`, as a teacher types it. */
async function denoTestP(dir: string): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-P"],
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

Deno.test("deno test -P passes only when every recorded test ran and passed", async () => {
  await inFixture(async (dir) => {
    await write(dir, "lessons/01-alpha/alpha.ts", ALPHA_REFERENCE);
    await write(dir, "lessons/02-beta/beta.ts", BETA_REFERENCE);
    const done = await denoTestP(dir);
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.match(done.stdout, /every test the lessons have ran \.\.\. ok/);

    await append(dir, "lessons/01-alpha/alpha.ts", "\nDeno.exit(0);\n");
    const exited = await denoTestP(dir);
    assert.notEqual(exited.code, 0, "Deno.exit(0) must not pass the grade");
    assert.match(exited.stdout, /your code called Deno\.exit\(0\)/);

    await write(dir, "lessons/01-alpha/alpha.ts", ALPHA_REFERENCE);
    await Deno.remove(join(dir, "lessons/01-alpha/more_test.ts"));
    const deleted = await denoTestP(dir);
    assert.notEqual(deleted.code, 0, "a deleted test file must not pass");
  });
});
