/**
 * The commands as a learner types them: `deno task …` in a throwaway copy of the
 * fixture course (`testdata/fixture/`), with no terminal attached, so every answer
 * is plain text and nothing asks. No test here depends on how fast the machine is.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  inFixture,
  processesIn,
  STACK_FRAME,
  task,
  TaskSession,
} from "./fixture_course.ts";

const GREET = "lessons/01-greet/greet.ts";
const COUNT = "lessons/02-count/count.ts";

/** Give the learner's `greet()` in the course at `root` a body of our choosing. */
async function replaceGreetBody(root: string, body: string): Promise<void> {
  const file = join(root, GREET);
  const text = await Deno.readTextFile(file);
  const changed = text.replace(
    /throw new Error\(`not implemented: greet[^;]*;/,
    body,
  );
  assert.notEqual(changed, text, "the fixture's greet() should have a TODO");
  await Deno.writeTextFile(file, changed);
}

/** Make lesson `id` of the course at `root` its reference. */
async function solve(root: string, id: string): Promise<void> {
  for await (const entry of Deno.readDir(join(root, "solutions", id))) {
    if (!entry.name.endsWith(".ts")) continue;
    await Deno.copyFile(
      join(root, "solutions", id, entry.name),
      join(root, "lessons", id, entry.name),
    );
  }
}

/** The backup folder a command's output names. */
function backupNamed(stdout: string): string {
  const backup = /in (\.bounce\/backups\/[^/\s]+)\/\./.exec(stdout)?.[1];
  assert.ok(backup, `the output should say where the backup is:\n${stdout}`);
  return backup;
}

Deno.test("lesson 99 says there is no such lesson, without a stack trace", async () => {
  await inFixture(async (root) => {
    const out = await task(root, ["lesson", "99"]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /there is no lesson 99: lessons run from 1 to 2/);
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("lesson abc says it is not a lesson number", async () => {
  await inFixture(async (root) => {
    const out = await task(root, ["lesson", "abc"]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /"abc" is not a lesson number/);
  });
});

Deno.test("lesson 1 on the starter shows the goal, every test, and the first failure", async () => {
  await inFixture(async (root) => {
    const out = await task(root, ["lesson", "1"]);
    assert.equal(out.code, 1);
    assert.match(out.stdout, /^Lesson 01 — Greetings/m);
    assert.match(out.stdout, /Edit: lessons\/01-greet\/greet\.ts/);
    assert.match(out.stdout, /✗ greet names the person/);
    assert.match(out.stdout, /✗ greet trims the name/);
    assert.match(out.stdout, /First failure: greet names the person/);
    assert.match(out.stdout, /greet\(Ada\) is still a TODO/);
    assert.match(out.stdout, /deno task hint 1/);
  });
});

Deno.test("a lesson's tests get the permissions its lesson.ts declares", async () => {
  await inFixture(async (root) => {
    await solve(root, "01-greet");
    await solve(root, "02-count");
    const out = await task(root, ["lesson", "2"], { BOUNCE_FIXTURE: "a b" });
    assert.equal(out.code, 0, out.stdout);
    assert.match(
      out.stdout,
      /✓ countWords reads the text its permission allows/,
    );
  });
});

Deno.test("a learner file that does not type-check is shown with file, line and message", async () => {
  await inFixture(async (root) => {
    await replaceGreetBody(root, "return 42;");
    const out = await task(root, ["lesson", "1"]);
    assert.equal(out.code, 1);
    assert.match(out.stdout, /does not type-check yet/);
    assert.match(out.stdout, /lessons\/01-greet\/greet\.ts:\d+:\d+ TS2322/);
    assert.match(out.stdout, /not assignable to type 'string'/);
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("a learner file that throws as it loads is reported as such", async () => {
  await inFixture(async (root) => {
    const file = join(root, GREET);
    await Deno.writeTextFile(
      file,
      (await Deno.readTextFile(file)) + '\nthrow new Error("boom on load");\n',
    );
    const out = await task(root, ["lesson", "1"]);
    assert.equal(out.code, 1);
    assert.match(out.stdout, /threw outside any test/);
    assert.match(out.stdout, /boom on load/);
  });
});

Deno.test("code that never finishes is stopped and named, however slow the machine", async () => {
  await inFixture(async (root) => {
    // A loop with no exit is past any limit, so a small one keeps the test short
    // without the verdict depending on the machine's speed.
    await replaceGreetBody(root, "while (true) { /* spin */ }");
    const out = await task(root, ["lesson", "1"], { BOUNCE_TIME_LIMIT: "2" });
    assert.equal(out.code, 1);
    assert.match(out.stdout, /did not finish within/);
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("Ctrl-C during lesson N stops its run, prints nothing more, and records nothing", async () => {
  await inFixture(async (root) => {
    await replaceGreetBody(root, "while (true) { /* spin */ }");
    await using session = new TaskSession(root, ["lesson", "1"]);
    await session.waitFor(/^Read: .*\n/m);
    const mark = session.text.length;
    session.interrupt();
    const { code, stderr } = await session.end();
    assert.equal(code, 130);
    assert.equal(session.text.slice(mark).trim(), "");
    assert.equal(stderr, "");
    const state = await Deno.readTextFile(join(root, ".bounce/state.json"))
      .catch(() => "{}");
    assert.equal(JSON.parse(state).results?.["01-greet"], undefined);
    assert.deepEqual(await processesIn(root), [], "no test run is left behind");
  });
});

Deno.test("reset asks first: without a terminal and without --yes it changes nothing", async () => {
  await inFixture(async (root) => {
    await Deno.writeTextFile(join(root, GREET), "// my work\n");
    const out = await task(root, ["reset", "1"]);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /add --yes/);
    assert.equal(await Deno.readTextFile(join(root, GREET)), "// my work\n");
  });
});

Deno.test("reset --yes restores the starter and keeps the learner's file in a backup", async () => {
  await inFixture(async (root) => {
    const starter = await Deno.readTextFile(join(root, GREET));
    await Deno.writeTextFile(join(root, GREET), "// my work\n");
    const out = await task(root, ["reset", "1", "--yes"]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await Deno.readTextFile(join(root, GREET)), starter);
    const backup = backupNamed(out.stdout);
    assert.equal(
      await Deno.readTextFile(join(root, backup, "01-greet/greet.ts")),
      "// my work\n",
    );
  });
});

Deno.test("reset leaves a file of the learner's own alone and resets every starter", async () => {
  await inFixture(async (root) => {
    const starters = {
      count: await Deno.readTextFile(join(root, COUNT)),
      format: await Deno.readTextFile(join(root, "lessons/02-count/format.ts")),
    };
    await Deno.writeTextFile(
      join(root, "lessons/02-count/aaa_mine.ts"),
      "1;\n",
    );
    await Deno.writeTextFile(join(root, COUNT), "// my count\n");
    await Deno.writeTextFile(
      join(root, "lessons/02-count/format.ts"),
      "// my format\n",
    );
    const out = await task(root, ["reset", "2", "--yes"]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await Deno.readTextFile(join(root, COUNT)), starters.count);
    assert.equal(
      await Deno.readTextFile(join(root, "lessons/02-count/format.ts")),
      starters.format,
    );
    assert.equal(
      await Deno.readTextFile(join(root, "lessons/02-count/aaa_mine.ts")),
      "1;\n",
    );
    assert.match(out.stdout, /aaa_mine\.ts is yours, not a starter/);
    backupNamed(out.stdout);
  });
});

Deno.test("reset brings back a starter the learner deleted", async () => {
  await inFixture(async (root) => {
    const starter = await Deno.readTextFile(join(root, GREET));
    await Deno.remove(join(root, GREET));
    const out = await task(root, ["reset", "1", "--yes"]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await Deno.readTextFile(join(root, GREET)), starter);
    assert.match(out.stdout, /greet\.ts was missing and is back/);
  });
});

Deno.test("reset --all resets every lesson into one backup", async () => {
  await inFixture(async (root) => {
    await solve(root, "01-greet");
    await solve(root, "02-count");
    const out = await task(root, ["reset", "--all", "--yes"]);
    assert.equal(out.code, 0, out.stderr);
    const snapshot = JSON.parse(
      await Deno.readTextFile(join(root, "course/starters.json")),
    );
    for (const [key, text] of Object.entries(snapshot)) {
      assert.equal(await Deno.readTextFile(join(root, "lessons", key)), text);
    }
    const backup = backupNamed(out.stdout);
    assert.equal(
      await Deno.readTextFile(join(root, backup, "02-count/count.ts")),
      await Deno.readTextFile(join(root, "solutions/02-count/count.ts")),
    );
  });
});

Deno.test("reset checks everything before it changes anything", async () => {
  await inFixture(async (root) => {
    // A snapshot that knows nothing of lesson 2: --all must refuse before it
    // touches lesson 1.
    const file = join(root, "course/starters.json");
    const snapshot = JSON.parse(await Deno.readTextFile(file));
    delete snapshot["02-count/count.ts"];
    delete snapshot["02-count/format.ts"];
    await Deno.writeTextFile(file, JSON.stringify(snapshot));
    await Deno.writeTextFile(join(root, GREET), "// my work\n");
    const out = await task(root, ["reset", "--all", "--yes"]);
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      /no starter is recorded for 02-count.*nothing was changed/,
    );
    assert.equal(await Deno.readTextFile(join(root, GREET)), "// my work\n");
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("restore puts the newest backup back, saving the current files first", async () => {
  await inFixture(async (root) => {
    const none = await task(root, ["restore", "1"]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no backup of lesson 1 yet/);
    await Deno.writeTextFile(join(root, GREET), "// my work\n");
    const reset = await task(root, ["reset", "1", "--yes"]);
    const resetBackup = backupNamed(reset.stdout);
    const starter = await Deno.readTextFile(join(root, GREET));
    const listed = await task(root, ["restore", "1", "--list"]);
    assert.equal(listed.code, 0);
    assert.ok(listed.stdout.includes(resetBackup.split("/").pop() ?? "?"));
    const out = await task(root, ["restore", "1"]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await Deno.readTextFile(join(root, GREET)), "// my work\n");
    const safety = /in (\.bounce\/backups\/[^/\s]+)\/\./.exec(out.stdout)?.[1];
    assert.ok(safety, out.stdout);
    assert.notEqual(safety, resetBackup);
    assert.equal(
      await Deno.readTextFile(join(root, safety, "01-greet/greet.ts")),
      starter,
    );
  });
});

Deno.test("restore refuses a file's name taken by a folder, before it acts", async () => {
  await inFixture(async (root) => {
    assert.equal((await task(root, ["reset", "1", "--yes"])).code, 0);
    await Deno.remove(join(root, GREET));
    await Deno.mkdir(join(root, GREET));
    const backups = join(root, ".bounce/backups");
    const before = (await Array.fromAsync(Deno.readDir(backups))).length;
    const out = await task(root, ["restore", "1"]);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /greet\.ts is not a file .* Nothing was changed/);
    assert.equal((await Array.fromAsync(Deno.readDir(backups))).length, before);
    assert.doesNotMatch(out.stdout + out.stderr, STACK_FRAME);
  });
});

Deno.test("restore names a backup that does not exist, and changes nothing", async () => {
  await inFixture(async (root) => {
    await Deno.writeTextFile(join(root, GREET), "// my work\n");
    assert.equal((await task(root, ["reset", "1", "--yes"])).code, 0);
    const out = await task(root, ["restore", "1", "1999-01-01T00-00-00"]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /no backup "1999-01-01T00-00-00" of lesson 1/);
    assert.notEqual(await Deno.readTextFile(join(root, GREET)), "// my work\n");
  });
});

Deno.test("snapshot refuses to record finished work as a starter", async () => {
  await inFixture(async (root) => {
    const before = await Deno.readTextFile(join(root, "course/starters.json"));
    await solve(root, "01-greet");
    const out = await task(root, ["snapshot"]);
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      /01-greet: greet\.ts is a file to edit but throws no/,
    );
    assert.equal(
      await Deno.readTextFile(join(root, "course/starters.json")),
      before,
    );
  });
});

Deno.test("hints come one level at a time, and a wrong level is refused", async () => {
  await inFixture(async (root) => {
    assert.match((await task(root, ["hint", "2"])).stdout, /hint 1 of 3/);
    assert.match((await task(root, ["hint", "2"])).stdout, /hint 2 of 3/);
    const again = await task(root, ["hint", "2", "--level", "1"]);
    assert.match(again.stdout, /hint 1 of 3/);
    assert.match((await task(root, ["hint", "2"])).stdout, /hint 3 of 3/);
    const wrong = await task(root, ["hint", "2", "--level", "9"]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /has hints 1 to 3/);
  });
});

Deno.test("solution asks before showing an unfinished lesson, and shows it with --yes", async () => {
  await inFixture(async (root) => {
    const refused = await task(root, ["solution", "1"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not pass yet/);
    const shown = await task(root, ["solution", "1", "--yes"]);
    assert.equal(shown.code, 0);
    assert.ok(
      shown.stdout.includes(
        await Deno.readTextFile(join(root, "solutions/01-greet/greet.ts")),
      ),
    );
  });
});

Deno.test("solution shows the reference beside a file of the learner's own", async () => {
  await inFixture(async (root) => {
    await Deno.writeTextFile(join(root, "lessons/01-greet/scratch.ts"), "1;\n");
    const shown = await task(root, ["solution", "1", "--yes"]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /solutions\/01-greet\/greet\.ts/);
    assert.doesNotMatch(shown.stdout, /scratch/);
  });
});

Deno.test("a lesson passes once its modules are the reference, and list shows it done", async () => {
  await inFixture(async (root) => {
    await solve(root, "01-greet");
    const out = await task(root, ["lesson", "1"]);
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /All 2 tests pass\. Lesson 1 is done\./);
    assert.match(out.stdout, /deno task lesson 2/);
    const list = await task(root, ["list"]);
    assert.match(list.stdout, /✓ 01/);
    assert.match(list.stdout, /02 .*← next/);
  });
});

Deno.test("grade fails while lessons fail, and writes JSON and JUnit", async () => {
  await inFixture(async (root) => {
    await solve(root, "01-greet");
    const out = await task(root, [
      "grade",
      "--json",
      "grade.json",
      "--junit",
      "grade.xml",
    ]);
    assert.equal(out.code, 1);
    const grade = JSON.parse(await Deno.readTextFile(join(root, "grade.json")));
    assert.equal(grade.lessonsDone, 1);
    assert.match(
      await Deno.readTextFile(join(root, "grade.xml")),
      /<testsuites name="bounce grade">/,
    );
  });
});
