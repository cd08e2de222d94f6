/**
 * A reset happens whole or not at all: checked before it acts, undone if a write
 * fails anyway. On copies of the fixture course, with a writer that fails on cue.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { newBackup } from "./backups.ts";
import { UserError } from "./errors.ts";
import { inFixture } from "./fixture_course.ts";
import { discoverLessons } from "./lessons.ts";
import { coursePaths } from "./paths.ts";
import { applyResets, planReset, type WriteFile } from "./reset_plan.ts";
import { readSnapshot } from "./starters.ts";

Deno.test("a write that fails midway is undone: every file is as it was", async () => {
  await inFixture(async (root) => {
    const paths = coursePaths(root);
    const greet = join(root, "lessons/01-greet/greet.ts");
    const count = join(root, "lessons/02-count/count.ts");
    const format = join(root, "lessons/02-count/format.ts");
    await Deno.writeTextFile(greet, "// my greet\n");
    await Deno.writeTextFile(count, "// my count\n");
    await Deno.remove(format);
    const lessons = await discoverLessons(paths);
    const snapshot = await readSnapshot(paths);
    const plans = [];
    for (const lesson of lessons) plans.push(await planReset(lesson, snapshot));
    assert.deepEqual(plans[1].missing, ["format.ts"]);

    let writes = 0;
    const failOnThird: WriteFile = async (path, text) => {
      if (++writes === 3) throw new Error("disk full");
      await Deno.writeTextFile(path, text);
    };
    const backup = await newBackup(paths);
    await assert.rejects(
      applyResets(plans, backup, "THE-BACKUP", failOnThird),
      (error: unknown) =>
        error instanceof UserError &&
        /disk full\), so nothing was changed\. Your files are also in THE-BACKUP/
          .test(error.message),
    );
    assert.equal(writes, 3, "the reset got as far as its third file");
    assert.equal(await Deno.readTextFile(greet), "// my greet\n");
    assert.equal(await Deno.readTextFile(count), "// my count\n");
    await assert.rejects(Deno.stat(format), Deno.errors.NotFound);
    assert.equal(
      await Deno.readTextFile(join(backup, "01-greet/greet.ts")),
      "// my greet\n",
    );
  });
});

Deno.test("a starter's name taken by a folder is refused before anything changes", async () => {
  await inFixture(async (root) => {
    const paths = coursePaths(root);
    await Deno.remove(join(root, "lessons/02-count/format.ts"));
    await Deno.mkdir(join(root, "lessons/02-count/format.ts"));
    const lessons = await discoverLessons(paths);
    await assert.rejects(
      planReset(lessons[1], await readSnapshot(paths)),
      (error: unknown) =>
        error instanceof UserError &&
        /format\.ts is not a file .* Nothing was changed/.test(error.message),
    );
  });
});
