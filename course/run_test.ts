/**
 * `deno task run` as a learner types it, in a copy of the fixture course, whose
 * `runtime/lox/main.ts` is a stand-in speaking the Lox runner's command line: the
 * engine's part (paths, exit codes, which runtime, what goes to stdout) is tested
 * here; the language itself is tested in `runtime/lox/`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { forwardStderr } from "./commands/run.ts";
import { inFixture, STACK_FRAME, task, TEST_ENV } from "./fixture_course.ts";

/** Write a stand-in script into the course at `root`. */
async function script(root: string, name: string, text: string): Promise<void> {
  await Deno.writeTextFile(join(root, name), text);
}

Deno.test("run --reference passes the script's stdout through untouched and its exit code back", async () => {
  await inFixture(async (root) => {
    await script(
      root,
      "hi.lox",
      "print one\ngreet Ada\nwarn careful\nexit 70\n",
    );
    const out = await task(root, ["run", "--reference", "hi.lox"]);
    assert.equal(out.stdout, "one\nHello, Ada!\n");
    assert.match(out.stderr, /careful/);
    assert.equal(out.code, 70);
  });
});

Deno.test("run finds the script from the folder the task was started in", async () => {
  await inFixture(async (root) => {
    await Deno.mkdir(join(root, "scripts"));
    await script(root, "scripts/a.lox", "print from a subfolder\n");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "run", "--reference", "a.lox"],
      cwd: join(root, "scripts"),
      env: { ...TEST_ENV, INIT_CWD: join(root, "scripts") },
      stdin: "null",
    }).output();
    assert.equal(new TextDecoder().decode(out.stdout), "from a subfolder\n");
    assert.equal(out.code, 0);
  });
});

Deno.test("run reads a script whose name has a comma, which Deno's permission list would split", async () => {
  await inFixture(async (root) => {
    await script(root, "draft,2.lox", "print read\n");
    const out = await task(root, ["run", "--reference", "draft,2.lox"]);
    assert.equal(out.stdout, "read\n");
    assert.equal(out.code, 0);
    // The copy Deno was allowed to read is gone; the script is where it was.
    assert.deepEqual(
      await Array.fromAsync(Deno.readDir(join(root, ".bounce", "run"))),
      [],
    );
    assert.equal(
      await Deno.readTextFile(join(root, "draft,2.lox")),
      "print read\n",
    );
  });
});

Deno.test("run on a file that is not there exits 74 with clox's message", async () => {
  await inFixture(async (root) => {
    const out = await task(root, ["run", "--reference", "missing.lox"]);
    assert.equal(out.code, 74);
    assert.equal(out.stdout, "");
    assert.match(out.stderr, /Could not open file "missing\.lox"\./);
    assert.doesNotMatch(out.stderr, STACK_FRAME);
  });
});

Deno.test("run with two files or a bad time limit is a usage error, exit 64", async () => {
  await inFixture(async (root) => {
    const two = await task(root, ["run", "a.lox", "b.lox"]);
    assert.equal(two.code, 64);
    assert.match(two.stderr, /too many arguments/);
    const limit = await task(root, ["run", "--time-limit", "soon", "a.lox"]);
    assert.equal(limit.code, 64);
    assert.match(limit.stderr, /--time-limit takes seconds/);
    // Number() reads these as 0 (no limit) and 16: neither is what was meant.
    for (const junk of ["", " ", "0x10", "-0", "Infinity"]) {
      const out = await task(root, ["run", "--time-limit", junk, "a.lox"]);
      assert.equal(out.code, 64, `--time-limit "${junk}"`);
      assert.match(out.stderr, /--time-limit takes seconds/);
    }
  });
});

Deno.test("run without --reference says which lessons to finish first, on stderr", async () => {
  await inFixture(async (root) => {
    await script(root, "hi.lox", "greet Ada\n");
    const out = await task(root, ["run", "hi.lox"]);
    assert.equal(out.code, 1);
    assert.equal(out.stdout, "");
    assert.match(out.stderr, /01-greet\s+0\/\d+ tests pass/);
    assert.match(out.stderr, /deno task run --reference hi\.lox/);
  });
});

Deno.test("run without a file starts the REPL, handing on the time limit", async () => {
  await inFixture(async (root) => {
    const out = await task(root, ["run", "--reference", "--time-limit", "3"]);
    assert.equal(out.code, 0);
    assert.equal(out.stdout, "a REPL would start here (--time-limit=3)\n");
  });
});

/** A stream that gives `chunks` one by one, as a child's stderr pipe would. */
function chunked(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return ReadableStream.from(chunks.map((chunk) => encoder.encode(chunk)));
}

Deno.test("the child's stderr is passed on up to V8's out-of-memory report, without the blank line before it", async () => {
  let seen = "";
  const crashed = await forwardStderr(
    chunked([
      "> ",
      "a warning\n\n<--- Last few GCs --->\n\n[123:0x55]  Mark-Compact",
      "\n==== JS stack trace ====\n",
    ]),
    (text) => {
      seen += text;
      return Promise.resolve();
    },
  );
  assert.equal(crashed, true);
  assert.equal(seen, "> a warning\n");
});

Deno.test("a child's stderr without an out-of-memory report is passed on whole", async () => {
  let seen = "";
  const crashed = await forwardStderr(
    chunked(["Undefined variable 'x'.\n", "[line 1] in script\n"]),
    (text) => {
      seen += text;
      return Promise.resolve();
    },
  );
  assert.equal(crashed, false);
  assert.equal(seen, "Undefined variable 'x'.\n[line 1] in script\n");
});

Deno.test("a kill of the run command stops the script too, which would otherwise run on unseen", async () => {
  await inFixture(async (root) => {
    await script(root, "server.lox", "hang\n");
    const engine = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--allow-read",
        "--allow-write=.bounce",
        "--allow-env",
        "--allow-run",
        "course/main.ts",
        "run",
        "--reference",
        "server.lox",
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
    while (!said.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) break;
      said += value;
    }
    const pid = Number(said.match(/^hanging (\d+)\n/)?.[1]);
    assert.ok(pid > 0, `the script said ${JSON.stringify(said)}`);
    engine.kill("SIGTERM");
    const status = await engine.status;
    // The engine waited for its script to end: that process is gone. (If it is
    // not, this kill ends it, so a failing test leaves nothing behind.)
    let alive = true;
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      alive = false;
    }
    while (!(await lines.read()).done) { /* the rest, so the pipe closes */ }
    assert.equal(alive, false, "the script outlived the run command");
    assert.equal(status.code, 130);
  });
});
