/**
 * `deno task lesson N --watch` for real, in a copy of the fixture course, with its
 * input piped (no terminal): the loop's keys arrive as lines. Each test waits for
 * what the watch prints, never for a length of time.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { inFixture, processesIn, TaskSession } from "./fixture_course.ts";

const STATUS = /── Lesson \d of 2: .*──/;

Deno.test("the watch runs again on save, moves on when the lesson passes, and quits on q", async () => {
  await inFixture(async (root) => {
    await using watch = new TaskSession(root, ["lesson", "1", "--watch"]);
    await watch.waitFor(/── Lesson 1 of 2: does not pass yet/);
    assert.match(watch.text, /✗ greet names the person/);
    let mark = watch.text.length;
    await watch.type("h");
    await watch.waitFor(/hint 1 of 2[\s\S]*──/, mark);
    mark = watch.text.length;
    await Deno.copyFile(
      join(root, "solutions/01-greet/greet.ts"),
      join(root, "lessons/01-greet/greet.ts"),
    );
    const after = await watch.waitFor(/── Lesson 2 of 2: .*──/, mark);
    assert.match(after, /All 2 tests pass\. Lesson 1 is done\./);
    assert.match(after, /Moving on to lesson 2 — Counting words/);
    assert.match(after, /✗ countWords counts words/);
    await watch.type("q");
    const { code, stderr } = await watch.end();
    assert.equal(code, 1, "lesson 2 does not pass, so quitting exits 1");
    assert.equal(stderr, "");
    const state = JSON.parse(
      await Deno.readTextFile(join(root, ".bounce/state.json")),
    );
    assert.equal(state.results["01-greet"].passed, 2);
    assert.equal(state.hintsShown["01-greet"], 1);
  });
});

Deno.test("Ctrl-C during a run prints nothing more, records nothing, and exits 130", async () => {
  await inFixture(async (root) => {
    const file = join(root, "lessons/01-greet/greet.ts");
    // A run that cannot end by itself, so the interrupt surely lands during it.
    await Deno.writeTextFile(
      file,
      (await Deno.readTextFile(file)).replace(
        /throw new Error\(`not implemented: greet[^;]*;/,
        "while (true) { /* spin */ }",
      ),
    );
    await using watch = new TaskSession(root, ["lesson", "1", "--watch"]);
    await watch.waitFor(/Running lesson 1's tests…\n/);
    const mark = watch.text.length;
    watch.interrupt();
    const { code, stderr } = await watch.end();
    assert.equal(code, 130);
    assert.equal(watch.text.slice(mark), "", "nothing printed after Ctrl-C");
    assert.equal(stderr, "");
    const state = await Deno.readTextFile(join(root, ".bounce/state.json"))
      .catch(() => "{}");
    assert.equal(JSON.parse(state).results?.["01-greet"], undefined);
    assert.deepEqual(await processesIn(root), [], "no test run is left behind");
  });
});

Deno.test("when its input ends, the watch shows the run under way and quits", async () => {
  await inFixture(async (root) => {
    await using watch = new TaskSession(root, ["lesson", "1", "--watch"]);
    const { code } = await watch.end();
    assert.equal(code, 1);
    assert.match(watch.text, /✗ greet names the person/);
    assert.match(watch.text, STATUS);
  });
});
