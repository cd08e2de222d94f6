/**
 * The commands as a learner types them: `deno task …` in a throwaway copy of this
 * course, with no terminal attached, so every answer is plain text and nothing asks.
 */

import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { thisCourse } from "./paths.ts";

/** A fresh copy of the course to run commands in. */
async function copyOfCourse(): Promise<string> {
  const root = thisCourse().root;
  const dir = await Deno.makeTempDir({ prefix: "bounce-" });
  for (
    const entry of [
      "course",
      "lessons",
      "solutions",
      "runtime",
      "deno.json",
      "deno.lock",
    ]
  ) {
    await cp(join(root, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `deno task <args>` in `dir`. */
async function task(dir: string, ...args: string[]): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", ...args],
    cwd: dir,
    env: { NO_COLOR: "1", BOUNCE_TIME_LIMIT: "4" },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

/** Run `body` in a fresh copy of the course, removing it afterwards. */
async function inCopy(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await copyOfCourse();
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Give the learner's `ready()` in the copy at `dir` a body of our choosing. */
async function replaceReadyBody(dir: string, body: string): Promise<void> {
  const file = join(dir, "lessons/01-futures/future.ts");
  const text = await Deno.readTextFile(file);
  await Deno.writeTextFile(
    file,
    text.replace(/throw new Error\(`not implemented: ready[^;]*;/, body),
  );
}

const STACK_FRAME = /^\s+at .*:\d+:\d+/m;

Deno.test("lesson 99 says there is no such lesson, without a stack trace", async () => {
  await inCopy(async (dir) => {
    const out = await task(dir, "lesson", "99");
    assert.equal(out.code, 2);
    assert.match(
      out.stderr,
      /there is no lesson 99: lessons run from 1 to \d+/,
    );
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("lesson abc says it is not a lesson number", async () => {
  await inCopy(async (dir) => {
    const out = await task(dir, "lesson", "abc");
    assert.equal(out.code, 2);
    assert.match(out.stderr, /"abc" is not a lesson number/);
  });
});

Deno.test("lesson 1 on the starter shows the goal, every test, and the first failure", async () => {
  await inCopy(async (dir) => {
    const out = await task(dir, "lesson", "1");
    assert.equal(out.code, 1);
    assert.match(out.stdout, /^Lesson 01 — Futures and polling/m);
    assert.match(out.stdout, /Edit: lessons\/01-futures\/future\.ts/);
    assert.match(out.stdout, /✗ ready\(\) wraps a value in a finished Poll/);
    assert.match(
      out.stdout,
      /First failure: ready\(\) wraps a value in a finished Poll/,
    );
    assert.match(out.stdout, /still a TODO/);
    assert.match(out.stdout, /deno task hint 1/);
  });
});

Deno.test("a learner file that does not type-check is shown with file, line and message", async () => {
  await inCopy(async (dir) => {
    await replaceReadyBody(dir, "return 42;");
    const out = await task(dir, "lesson", "1");
    assert.equal(out.code, 1);
    assert.match(out.stdout, /does not type-check yet/);
    assert.match(out.stdout, /lessons\/01-futures\/future\.ts:\d+:\d+ TS2322/);
    assert.match(out.stdout, /not assignable to type 'Poll<T>'/);
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("a learner file that throws as it loads is reported as such", async () => {
  await inCopy(async (dir) => {
    const file = join(dir, "lessons/01-futures/future.ts");
    await Deno.writeTextFile(
      file,
      (await Deno.readTextFile(file)) + '\nthrow new Error("boom on load");\n',
    );
    const out = await task(dir, "lesson", "1");
    assert.equal(out.code, 1);
    assert.match(out.stdout, /threw outside any test/);
    assert.match(out.stdout, /boom on load/);
  });
});

Deno.test("code that never finishes is stopped at the time limit and named", async () => {
  await inCopy(async (dir) => {
    await replaceReadyBody(dir, "while (true) { /* spin */ }");
    const out = await task(dir, "lesson", "1");
    assert.equal(out.code, 1);
    assert.match(out.stdout, /did not finish within/);
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("reset asks first: without a terminal and without --yes it changes nothing", async () => {
  await inCopy(async (dir) => {
    const file = join(dir, "lessons/01-futures/future.ts");
    await Deno.writeTextFile(file, "// my work\n");
    const out = await task(dir, "reset", "1");
    assert.equal(out.code, 1);
    assert.match(out.stderr, /add --yes/);
    assert.equal(await Deno.readTextFile(file), "// my work\n");
  });
});

Deno.test("reset --yes restores the starter and keeps the learner's file in a backup", async () => {
  await inCopy(async (dir) => {
    const file = join(dir, "lessons/01-futures/future.ts");
    const starter = await Deno.readTextFile(file);
    await Deno.writeTextFile(file, "// my work\n");
    const out = await task(dir, "reset", "1", "--yes");
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await Deno.readTextFile(file), starter);
    const backup = /in (\.bounce\/backups\/\S+)\/\./.exec(out.stdout)?.[1];
    assert.ok(
      backup,
      `the output should say where the backup is:\n${out.stdout}`,
    );
    assert.equal(
      await Deno.readTextFile(join(dir, backup, "01-futures/future.ts")),
      "// my work\n",
    );
  });
});

Deno.test("hints come one level at a time, and a wrong level is refused", async () => {
  await inCopy(async (dir) => {
    assert.match((await task(dir, "hint", "1")).stdout, /hint 1 of \d/);
    assert.match((await task(dir, "hint", "1")).stdout, /hint 2 of \d/);
    const wrong = await task(dir, "hint", "1", "--level", "9");
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /has hints 1 to \d/);
  });
});

Deno.test("solution asks before showing an unfinished lesson, and shows it with --yes", async () => {
  await inCopy(async (dir) => {
    const refused = await task(dir, "solution", "1");
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not pass yet/);
    const shown = await task(dir, "solution", "1", "--yes");
    assert.equal(shown.code, 0);
    assert.ok(
      shown.stdout.includes(
        await Deno.readTextFile(join(dir, "solutions/01-futures/future.ts")),
      ),
    );
  });
});

Deno.test("grade writes a score table, JSON and JUnit, and fails while lessons fail", async () => {
  await inCopy(async (dir) => {
    const out = await task(
      dir,
      "grade",
      "--json",
      "grade.json",
      "--junit",
      "grade.xml",
    );
    assert.equal(out.code, 1);
    assert.match(out.stdout, /Score: 0 of \d+ lessons/);
    const grade = JSON.parse(await Deno.readTextFile(join(dir, "grade.json")));
    assert.equal(grade.lessonsDone, 0);
    assert.equal(grade.grades[0].lesson, "01-futures");
    assert.match(
      await Deno.readTextFile(join(dir, "grade.xml")),
      /<testsuites name="bounce grade">/,
    );
  });
});

Deno.test("a lesson passes once its modules are the reference, and list shows it done", async () => {
  await inCopy(async (dir) => {
    for (const module of ["future.ts", "state_machines.ts", "combinators.ts"]) {
      await Deno.copyFile(
        join(dir, "solutions/01-futures", module),
        join(dir, "lessons/01-futures", module),
      );
    }
    const out = await task(dir, "lesson", "1");
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /All \d+ tests pass\. Lesson 1 is done\./);
    assert.match(out.stdout, /deno task lesson 2/);
    const list = await task(dir, "list");
    assert.match(list.stdout, /✓ 01/);
    assert.match(list.stdout, /02 .*← next/);
  });
});
