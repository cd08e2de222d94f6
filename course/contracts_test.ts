/**
 * The authoring contracts and the permissions agreement, checked on copies of the
 * fixture course that break one contract at a time.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  asStarterImports,
  lessonContractProblems,
  todoProblems,
} from "./contracts.ts";
import { inFixture, task } from "./fixture_course.ts";
import { discoverLessons, type Lesson } from "./lessons.ts";
import { coursePaths } from "./paths.ts";
import {
  canonicalFlags,
  parseFlags,
  PermissionFlagError,
  permissionProblems,
  readmeTable,
} from "./permissions.ts";

async function lessonsOf(root: string): Promise<Lesson[]> {
  return await discoverLessons(coursePaths(root));
}

/** Problems of lesson `index` of the course at `root`, after `change`. */
async function problemsAfter(
  root: string,
  index: number,
  change: () => Promise<void>,
): Promise<string> {
  await change();
  return (await lessonContractProblems((await lessonsOf(root))[index])).join(
    "\n",
  );
}

async function edit(
  file: string,
  change: (text: string) => string,
): Promise<void> {
  const text = await Deno.readTextFile(file);
  const changed = change(text);
  assert.notEqual(changed, text, `the edit of ${file} should change it`);
  await Deno.writeTextFile(file, changed);
}

Deno.test("the fixture course keeps every contract", async () => {
  await inFixture(async (root) => {
    const lessons = await lessonsOf(root);
    assert.equal(lessons.length, 2);
    for (const lesson of lessons) {
      assert.deepEqual(await lessonContractProblems(lesson), [], lesson.id);
    }
    assert.deepEqual(await permissionProblems(coursePaths(root), lessons), []);
  });
});

Deno.test("a TODO the engine cannot read, or none at all, is named", () => {
  assert.deepEqual(
    todoProblems("a.ts", 'throw new Error("not implemented: a");'),
    [],
  );
  assert.deepEqual(
    todoProblems("a.ts", "throw new Error(\n  `not implemented: a(${x})`,\n);"),
    [],
  );
  assert.match(
    todoProblems("a.ts", 'throw new TypeError("not implemented: a");').join(),
    /1 TODO\(s\) not of the form/,
  );
  assert.match(
    todoProblems("a.ts", 'throw new Error("not implemented");').join(),
    /not of the form/,
  );
  assert.match(
    todoProblems("a.ts", "// not implemented: yet\nexport const a = 1;").join(),
    /throws no "not implemented: …" TODO/,
  );
});

Deno.test("a starter whose TODO is in another form is named", async () => {
  await inFixture(async (root) => {
    const problems = await problemsAfter(root, 0, () =>
      edit(
        join(root, "lessons/01-greet/greet.ts"),
        (t) =>
          t.replace(
            "new Error(`not implemented",
            "new RangeError(`not implemented",
          ),
      ));
    assert.match(problems, /greet\.ts has 1 TODO\(s\) not of the form/);
  });
});

Deno.test("a given module must be the same in lessons/ and solutions/", async () => {
  await inFixture(async (root) => {
    const problems = await problemsAfter(root, 1, () =>
      edit(
        join(root, "solutions/02-count/format.ts"),
        (t) => t.replace('"s"', '"es"'),
      ));
    assert.match(problems, /format\.ts is given .* they differ/);
  });
});

Deno.test("a given module may differ only in how it imports earlier lessons", () => {
  assert.equal(
    asStarterImports(
      'import { greet } from "../../lessons/01-greet/greet.ts";',
    ),
    'import { greet } from "../01-greet/greet.ts";',
  );
  assert.equal(
    asStarterImports('import { x } from "./x.ts";'),
    'import { x } from "./x.ts";',
  );
});

Deno.test("a module without its twin is named, on either side", async () => {
  await inFixture(async (root) => {
    const problems = await problemsAfter(root, 1, async () => {
      await Deno.remove(join(root, "solutions/02-count/format.ts"));
      await Deno.writeTextFile(
        join(root, "solutions/02-count/extra.ts"),
        "export const extra = 1;\n",
      );
    });
    assert.match(problems, /format\.ts has no reference twin/);
    assert.match(
      problems,
      /solutions\/02-count\/extra\.ts has no starter twin/,
    );
  });
});

Deno.test("a reference that imports another reference directly is named", async () => {
  await inFixture(async (root) => {
    const problems = await problemsAfter(root, 1, () =>
      edit(
        join(root, "solutions/02-count/count.ts"),
        (t) =>
          t.replace("../../lessons/01-greet/greet.ts", "../01-greet/greet.ts"),
      ));
    assert.match(
      problems,
      /imports "\.\.\/01-greet\/greet\.ts"; a reference reaches/,
    );
  });
});

Deno.test("hints must number 2 to 4, and the README heading must match lesson.ts", async () => {
  await inFixture(async (root) => {
    const problems = await problemsAfter(root, 0, async () => {
      await Deno.writeTextFile(
        join(root, "solutions/01-greet/hints.md"),
        "# Hints\n\n## Hint 1\n\nOnly one.\n",
      );
      await edit(
        join(root, "lessons/01-greet/README.md"),
        (t) => t.replace("# Lesson 01 — Greetings", "# Greetings"),
      );
    });
    assert.match(problems, /has 1 hints .* a lesson has 2 to 4/);
    assert.match(
      problems,
      /heading "Greetings" should be "Lesson 01 — Greetings"/,
    );
  });
});

Deno.test("permission flags parse into one canonical form", () => {
  assert.deepEqual(
    canonicalFlags(
      parseFlags(["--allow-net=b", "--allow-env=Y,X", "--allow-net=a"]),
    ),
    ["--allow-env=X,Y", "--allow-net=a,b"],
  );
  assert.deepEqual(
    canonicalFlags(parseFlags(["--allow-read", "--allow-read=x"])),
    [
      "--allow-read",
    ],
  );
  assert.throws(() => parseFlags(["-A"]), PermissionFlagError);
  assert.deepEqual(
    readmeTable(
      "<!-- permissions -->\n| lesson | with |\n| --- | --- |\n| 01 A | none |\n| 02 B | `--allow-env=X` |\n<!-- /permissions -->",
    ),
    new Map([[1, []], [2, ["--allow-env=X"]]]),
  );
});

Deno.test("deno.json and the README must grant what the lessons declare", async () => {
  await inFixture(async (root) => {
    const paths = coursePaths(root);
    const lessons = await lessonsOf(root);
    const changed = lessons.map((lesson) =>
      lesson.number === 2
        ? {
          ...lesson,
          meta: { ...lesson.meta, permissions: ["--allow-net=127.0.0.1"] },
        }
        : lesson
    );
    const problems = (await permissionProblems(paths, changed)).join("\n");
    assert.match(
      problems,
      /test\.permissions grant --allow-env=BOUNCE_FIXTURE, but the lessons need --allow-net=127\.0\.0\.1/,
    );
    assert.match(problems, /"permissions": \{"net":\["127\.0\.0\.1"\]\}/);
    assert.match(
      problems,
      /table says lesson 2 gets --allow-env=BOUNCE_FIXTURE, but its lesson\.ts says --allow-net=127\.0\.0\.1/,
    );
    await edit(
      join(root, "README.md"),
      (t) => t.replace(/<!-- \/permissions -->/, ""),
    );
    assert.match(
      (await permissionProblems(paths, lessons)).join("\n"),
      /README\.md has no permissions table/,
    );
  });
});

Deno.test("check --only contracts fails, naming the broken contract", async () => {
  await inFixture(async (root) => {
    await edit(
      join(root, "lessons/02-count/lesson.ts"),
      (t) => t.replace("--allow-env=BOUNCE_FIXTURE", "--allow-env=OTHER"),
    );
    const out = await task(root, ["check", "--only", "contracts"]);
    assert.equal(out.code, 1, out.stdout);
    assert.match(out.stdout, /✗ permissions/);
    assert.match(out.stdout, /but the lessons need --allow-env=OTHER/);
    assert.match(out.stdout, /✓ contracts/);
  });
});

Deno.test("check --only contracts,lessons passes on the fixture: each lesson is honest", async () => {
  await inFixture(async (root) => {
    const out = await task(root, ["check", "--only", "contracts,lessons"]);
    assert.equal(out.code, 0, out.stdout);
    assert.match(
      out.stdout,
      /✓ 01-greet .*reference: 2\/2 pass · starter: 2\/2 fail/,
    );
    assert.match(
      out.stdout,
      /✓ 02-count .*reference: 3\/3 pass · starter: 3\/3 fail/,
    );
    const bad = await task(root, ["check", "--only", "contracts,bogus"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"bogus" is not one/);
  });
});
