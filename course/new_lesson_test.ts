/**
 * `deno task new-lesson` in a copy of the fixture course: the scaffold is honest at
 * once, says what is left to write, and a refused lesson leaves nothing behind.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { inFixture, task } from "./fixture_course.ts";

Deno.test("new-lesson scaffolds an honest lesson and says what is left to write", async () => {
  await inFixture(async (root) => {
    const out = await task(root, [
      "new-lesson",
      "parse-numbers",
      "--title",
      "Parsing numbers",
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Lesson 3 — Parsing numbers is scaffolded/);
    assert.match(out.stdout, /runtime\/mod\.ts/);
    assert.match(out.stdout, /deno task snapshot/);
    for (
      const file of [
        "lessons/03-parse-numbers/README.md",
        "lessons/03-parse-numbers/lesson.ts",
        "lessons/03-parse-numbers/parse_numbers.ts",
        "lessons/03-parse-numbers/parse_numbers_test.ts",
        "solutions/03-parse-numbers/parse_numbers.ts",
        "solutions/03-parse-numbers/hints.md",
      ]
    ) {
      assert.ok((await Deno.stat(join(root, file))).isFile, file);
    }
    const snapshot = JSON.parse(
      await Deno.readTextFile(join(root, "course/starters.json")),
    );
    assert.equal(
      snapshot["03-parse-numbers/parse_numbers.ts"],
      await Deno.readTextFile(
        join(root, "lessons/03-parse-numbers/parse_numbers.ts"),
      ),
    );
    assert.match(
      await Deno.readTextFile(join(root, "README.md")),
      /\| 03 Parsing numbers +\| none +\|/,
    );

    const honest = await task(root, ["check", "--only", "lessons"]);
    assert.equal(honest.code, 0, honest.stdout);
    assert.match(honest.stdout, /✓ 03-parse-numbers .*starter: 1\/1 fail/);

    const contracts = await task(root, ["check", "--only", "contracts"]);
    assert.equal(contracts.code, 1, contracts.stdout);
    assert.match(contracts.stdout, /✓ starters/);
    assert.match(contracts.stdout, /✓ permissions/);
    assert.match(
      contracts.stdout,
      /03-parse-numbers: README\.md, lesson\.ts's goal, solutions\/03-parse-numbers\/hints\.md still hold/,
    );

    const lesson = await task(root, ["lesson", "3"]);
    assert.equal(lesson.code, 1);
    assert.match(lesson.stdout, /parseNumbers\(bounce\) is still a TODO/);
  });
});

Deno.test("new-lesson refuses a bad slug, a taken number or folder, and creates nothing", async () => {
  await inFixture(async (root) => {
    const before = await Deno.readTextFile(join(root, "course/starters.json"));
    const slug = await task(root, ["new-lesson", "Bad_Slug"]);
    assert.equal(slug.code, 2);
    assert.match(slug.stderr, /"Bad_Slug" is not a lesson slug/);
    const number = await task(root, ["new-lesson", "again", "--number", "2"]);
    assert.equal(number.code, 2);
    assert.match(number.stderr, /lesson 2 exists already \(02-count\)/);
    await Deno.mkdir(join(root, "solutions/03-stray"));
    const folder = await task(root, ["new-lesson", "stray"]);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /solutions\/03-stray exists already/);
    const module = await task(root, [
      "new-lesson",
      "fine",
      "--module",
      "x_test",
    ]);
    assert.equal(module.code, 2);
    assert.match(module.stderr, /"x_test" cannot be the module's name/);
    assert.equal(
      await Deno.readTextFile(join(root, "course/starters.json")),
      before,
    );
    const lessons = await Array.fromAsync(Deno.readDir(join(root, "lessons")));
    assert.deepEqual(
      lessons.map((e) => e.name).sort(),
      ["01-greet", "02-count", "_support"],
    );
  });
});
