/**
 * `deno task workflow` as a learner types it, in a copy of the fixture course, whose
 * `runtime/workflow/main.ts` is a stand-in that says what it was given: the
 * engine's part (the default store, paths from where the user is, which runtime,
 * the lessons-ready check, what the child may write, exit codes) is tested here;
 * the workflow command itself is tested in `runtime/workflow/`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { inFixture, STACK_FRAME, task, TEST_ENV } from "./fixture_course.ts";

/** What the stand-in says it was given. */
interface Given {
  readonly args: string[];
  readonly cwd: string;
  readonly writesCwd: boolean;
  readonly writesDbFolder: boolean | null;
  readonly greeting: string;
}

function given(stdout: string): Given {
  return JSON.parse(stdout);
}

Deno.test("workflow --reference hands the command on with the course's default store, which it may write", async () => {
  await inFixture(async (root) => {
    const out = await task(root, ["workflow", "list", "--json", "--reference"]);
    assert.equal(out.code, 0, out.stderr);
    const child = given(out.stdout);
    const db = join(root, ".bounce", "workflows.db");
    assert.deepEqual(child.args, ["list", `--db=${db}`, "--json"]);
    assert.equal(child.greeting, "Hello, Ada!", "on the reference");
    assert.equal(child.writesDbFolder, true);
    assert.equal(child.writesCwd, false, "only the store's folder");
    assert.ok((await Deno.stat(join(root, ".bounce"))).isDirectory);
  });
});

Deno.test("workflow finds FILE and --db from the folder the task was started in", async () => {
  await inFixture(async (root) => {
    const folder = join(root, "flows");
    await Deno.mkdir(folder);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "task",
        "--quiet",
        "workflow",
        "start",
        "order.ts",
        "--db",
        "my.db",
        "--reference",
      ],
      cwd: folder,
      env: { ...TEST_ENV, INIT_CWD: folder },
      stdin: "null",
    }).output();
    const child = given(new TextDecoder().decode(out.stdout));
    assert.equal(out.code, 0);
    assert.deepEqual(child.args, ["start", "order.ts", "--db", "my.db"]);
    assert.equal(child.cwd, folder);
    assert.equal(child.writesCwd, true, "the store's folder is this one");
  });
});

Deno.test("workflow passes the command's exit code back", async () => {
  await inFixture(async (root) => {
    const out = await task(root, [
      "workflow",
      "show",
      "x",
      "exit=66",
      "--reference",
    ]);
    assert.equal(out.code, 66);
  });
});

Deno.test("workflow start and worker without --reference say which lessons to finish first; list does not ask", async () => {
  await inFixture(async (root) => {
    for (const command of [["start", "a.ts"], ["worker", "--until-idle"]]) {
      const out = await task(root, ["workflow", ...command]);
      assert.equal(out.code, 1, command.join(" "));
      assert.equal(out.stdout, "");
      assert.match(out.stderr, /01-greet\s+0\/\d+ tests pass/);
      assert.match(
        out.stderr,
        new RegExp(`deno task workflow ${command.join(" ")} --reference`),
      );
      assert.doesNotMatch(out.stderr, STACK_FRAME);
    }
    const list = await task(root, ["workflow", "list"]);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(
      given(list.stdout).greeting,
      "not implemented",
      "on the learner's code",
    );
  });
});

Deno.test("workflow refuses a store folder whose name Deno's permission list would split", async () => {
  await inFixture(async (root) => {
    const out = await task(root, [
      "workflow",
      "list",
      "--db",
      "a,b/w.db",
      "--reference",
    ]);
    assert.equal(out.code, 64);
    assert.match(out.stderr, /has a comma/);
  });
});

Deno.test("a kill of the workflow command stops its worker too, which would otherwise run on unseen", async () => {
  await inFixture(async (root) => {
    const engine = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--allow-read",
        "--allow-write=.bounce",
        "--allow-env",
        "--allow-run",
        "course/main.ts",
        "workflow",
        "worker",
        "hang",
        "--reference",
      ],
      cwd: root,
      env: { ...TEST_ENV, INIT_CWD: root },
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const lines = engine.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    let said = "";
    while (!said.includes("hanging")) {
      const { value, done } = await lines.read();
      if (done) break;
      said += value;
    }
    const pid = Number(said.match(/hanging (\d+)/)?.[1]);
    assert.ok(pid > 0, `the worker said ${JSON.stringify(said)}`);
    engine.kill("SIGTERM");
    const status = await engine.status;
    // The engine waited for its worker to end. (If it has not, this kill ends
    // it, so a failing test leaves nothing behind.)
    let alive = true;
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      alive = false;
    }
    while (!(await lines.read()).done) { /* the rest, so the pipe closes */ }
    assert.equal(alive, false, "the worker outlived the workflow command");
    assert.equal(status.code, 130);
  });
});
