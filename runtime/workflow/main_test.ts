/**
 * The workflow command line, as a user types it: `main(args)` in this process for
 * everything but the worker, and a child Deno for the worker (it runs until idle
 * on a wall clock, and owns its signals). Each test works in a folder of its own
 * under `.bounce/workflow-tests/` (what the test permissions allow writing).
 */

import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { signalValue } from "./cli_control.ts";
import { main } from "./main.ts";

const TESTDATA = fromFileUrl(new URL("./testdata/", import.meta.url));
const SCRATCH = fromFileUrl(
  new URL("../../.bounce/workflow-tests/", import.meta.url),
);
const MAIN = fromFileUrl(new URL("./main.ts", import.meta.url));
const REPLAY =
  new URL("../../lessons/16-replay/replay.ts", import.meta.url).href;
/**
 * 2020-01-01T00:00:00Z: the time every in-process command sees. It is past, so a
 * workflow started at it is due for a worker in a child process, on the wall clock.
 */
const NOW = Date.UTC(2020, 0, 1);
/** A stack frame of ours in a message: never shown to a user. */
const STACK_FRAME = /^\s+at /m;

/** What a command said. */
interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Run `body` in a fresh folder, removed afterwards. */
async function inScratch(body: (dir: string) => Promise<void>): Promise<void> {
  await Deno.mkdir(SCRATCH, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: SCRATCH });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `main(args)` in folder `dir`, its store `dir/w.db`, at {@linkcode NOW}. */
async function cli(
  dir: string,
  args: readonly string[],
  busyTimeoutMs = 2000,
): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const [command, ...rest] = args;
  const code = await main([command, "--db", "w.db", ...rest], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    cwd: dir,
    busyTimeoutMs,
    now: () => NOW,
  });
  const outcome = { code, out: out.join("\n"), err: err.join("\n") };
  assert.doesNotMatch(outcome.err, STACK_FRAME, "no stack trace of ours");
  return outcome;
}

/** `show ID --json`, parsed. */
async function show(dir: string, id: string): Promise<Record<string, unknown>> {
  const shown = await cli(dir, ["show", id, "--json"]);
  assert.equal(shown.code, 0, shown.err);
  return JSON.parse(shown.out);
}

/** The import map the child must use: the one this test runs on, if any. */
function childImportMap(): string[] {
  const lesson = import.meta.resolve("../../lessons/01-futures/future.ts");
  if (!lesson.includes("/solutions/")) return [];
  // This test runs on the reference (deno task check writes this map, and
  // runtime/workflow's tests are run with it): the worker must too.
  const map = new URL(
    "../../.bounce/import-maps/runtime.reference.json",
    import.meta.url,
  );
  return [`--import-map=${fromFileUrl(map)}`];
}

/** The workflow command in a child Deno, in folder `dir`. */
async function child(
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  const { code, stdout, stderr } = await childCommand(dir, args, env).output();
  const decoder = new TextDecoder();
  return { code, out: decoder.decode(stdout), err: decoder.decode(stderr) };
}

function childCommand(
  dir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Deno.Command {
  // "deno" from PATH: the test may run it (--allow-run=deno), whereas
  // Deno.execPath() is where the binary really is, which --allow-run=deno, a
  // name looked up in PATH, does not cover when PATH holds a symlink to it.
  return new Deno.Command("deno", {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--allow-read",
      `--allow-write=${dir}`,
      "--allow-sys=hostname",
      "--allow-env=BOUNCE_WORKFLOW_FAULTS,BOUNCE_WORKFLOW_LEASE_MS",
      ...childImportMap(),
      MAIN,
      ...args,
      "--db",
      join(dir, "w.db"),
    ],
    cwd: dir,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

// --- start ---

Deno.test("workflow start stores a .ts workflow with its source and absolute path, and prints its id", async () => {
  await inScratch(async (dir) => {
    const started = await cli(dir, [
      "start",
      join(TESTDATA, "sleepy.ts"),
      "--id",
      "s1",
    ]);
    assert.equal(started.code, 0, started.err);
    assert.equal(started.out, "s1");
    assert.match(started.err, /Started s1/);
    const shown = await show(dir, "s1");
    assert.equal(shown.status, "pending");
    assert.equal(shown.kind, "replay");
    assert.equal(shown.file, join(TESTDATA, "sleepy.ts"));
    assert.equal(shown.wakeAt, new Date(NOW).toISOString());
    assert.deepEqual(shown.steps, []);
    assert.deepEqual(shown.state, {});
    using db = new DatabaseSync(join(dir, "w.db"));
    const row = db.prepare("SELECT source FROM workflows WHERE id = 's1'")
      .get();
    assert.equal(
      row?.source,
      await Deno.readTextFile(join(TESTDATA, "sleepy.ts")),
    );
  });
});

Deno.test("workflow start without --id makes a short, readable one from the file's name", async () => {
  await inScratch(async (dir) => {
    const a = await cli(dir, ["start", join(TESTDATA, "sleepy.ts")]);
    const b = await cli(dir, ["start", join(TESTDATA, "sleepy.ts")]);
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, /^sleepy-[a-z0-9]{5}$/);
    assert.notEqual(a.out, b.out);
  });
});

Deno.test("workflow start finds FILE from the folder it runs in", async () => {
  await inScratch(async (dir) => {
    await Deno.copyFile(join(TESTDATA, "hello.lox"), join(dir, "hello.lox"));
    const started = await cli(dir, ["start", "hello.lox", "--id", "h"]);
    assert.equal(started.code, 0, started.err);
    const shown = await show(dir, "h");
    assert.equal(shown.kind, "snapshot");
    assert.equal(shown.file, join(dir, "hello.lox"));
  });
});

Deno.test("workflow start of an id that exists prints it, says so, and changes nothing", async () => {
  await inScratch(async (dir) => {
    await cli(dir, ["start", join(TESTDATA, "sleepy.ts"), "--id", "same"]);
    const again = await cli(dir, [
      "start",
      join(TESTDATA, "approval.ts"),
      "--id",
      "same",
      "--in",
      "5000",
    ]);
    assert.equal(again.code, 0);
    assert.equal(again.out, "same");
    assert.match(
      again.err,
      /Workflow same exists already \(pending\); nothing was changed/,
    );
    const shown = await show(dir, "same");
    assert.equal(shown.file, join(TESTDATA, "sleepy.ts"));
    assert.equal(shown.wakeAt, new Date(NOW).toISOString());
  });
});

Deno.test("workflow start --in and --at set when it is due", async () => {
  await inScratch(async (dir) => {
    await cli(dir, [
      "start",
      join(TESTDATA, "sleepy.ts"),
      "--id",
      "later",
      "--in",
      "1500",
    ]);
    assert.equal(
      (await show(dir, "later")).wakeAt,
      new Date(NOW + 1500).toISOString(),
    );
    const at = "2026-03-01T09:30:00Z";
    await cli(dir, [
      "start",
      join(TESTDATA, "sleepy.ts"),
      "--id",
      "then",
      `--at=${at}`,
    ]);
    assert.equal((await show(dir, "then")).wakeAt, "2026-03-01T09:30:00.000Z");
  });
});

Deno.test("workflow start --every makes a schedule that list shows and cancel stops", async () => {
  await inScratch(async (dir) => {
    const started = await cli(dir, [
      "start",
      join(TESTDATA, "hello.lox"),
      "--id",
      "tick",
      "--every",
      "60000",
    ]);
    assert.equal(started.code, 0, started.err);
    assert.equal(started.out, "tick");
    const listed = JSON.parse((await cli(dir, ["list", "--json"])).out);
    assert.deepEqual(listed.workflows, []);
    assert.deepEqual(listed.schedules, [{
      id: "tick",
      type: "schedule",
      kind: "snapshot",
      status: "scheduled",
      file: join(TESTDATA, "hello.lox"),
      everyMs: 60000,
      nextAt: new Date(NOW).toISOString(),
      runs: 0,
    }]);
    assert.match((await cli(dir, ["list"])).out, /tick\s+60000 ms/);
    const again = await cli(dir, [
      "start",
      join(TESTDATA, "hello.lox"),
      "--id",
      "tick",
      "--every",
      "5",
    ]);
    assert.equal(again.code, 0);
    assert.match(again.err, /Schedule tick exists already \(every 60000 ms/);
    const once = await cli(dir, [
      "start",
      join(TESTDATA, "sleepy.ts"),
      "--id",
      "tick",
    ]);
    assert.equal(once.code, 0);
    assert.equal(once.out, "tick");
    assert.match(once.err, /Schedule tick exists already/);
    assert.deepEqual(
      JSON.parse((await cli(dir, ["list", "--json"])).out).workflows,
      [],
    );
    const cancelled = await cli(dir, ["cancel", "tick"]);
    assert.equal(cancelled.code, 0, cancelled.err);
    assert.match(cancelled.out, /Cancelled schedule tick/);
    assert.equal((await show(dir, "tick")).status, "cancelled");
    assert.match((await cli(dir, ["cancel", "tick"])).out, /cancelled already/);
  });
});

Deno.test("workflow start of a .lox that does not compile prints clox's messages, exits 65 and stores nothing", async () => {
  await inScratch(async (dir) => {
    const started = await cli(dir, ["start", join(TESTDATA, "broken.lox")]);
    assert.equal(started.code, 65);
    assert.equal(started.out, "");
    assert.match(started.err, /\[line 2\] Error at ';': Expect expression\./);
    assert.match(
      started.err,
      /\[line 3\] Error at '=': Expect variable name\./,
    );
    assert.match(started.err, /does not compile; nothing was stored/);
    await assert.rejects(Deno.stat(join(dir, "w.db")), Deno.errors.NotFound);
  });
});

Deno.test("workflow start of a module that exports no workflow, or does not load, exits 65 and says why", async () => {
  await inScratch(async (dir) => {
    const none = await cli(dir, ["start", join(TESTDATA, "not_a_workflow.ts")]);
    assert.equal(none.code, 65);
    assert.match(
      none.err,
      /exports no "workflow": write `export const workflow = defineWorkflow/,
    );
    await Deno.writeTextFile(
      join(dir, "typo.ts"),
      "export const workflow = (;\n",
    );
    const typo = await cli(dir, ["start", "typo.ts"]);
    assert.equal(typo.code, 65);
    assert.match(
      typo.err,
      /typo\.ts could not be loaded: .+ Nothing was stored\./,
    );
    await Deno.writeTextFile(
      join(dir, "other.ts"),
      "export const workflow = 42;\n",
    );
    const other = await cli(dir, ["start", "other.ts"]);
    assert.equal(other.code, 65);
    assert.match(other.err, /"workflow" export was not made by defineWorkflow/);
    await assert.rejects(Deno.stat(join(dir, "w.db")), Deno.errors.NotFound);
  });
});

Deno.test("workflow start refuses a missing FILE, an unreadable one and a wrong extension", async () => {
  await inScratch(async (dir) => {
    const missingArg = await cli(dir, ["start"]);
    assert.equal(missingArg.code, 64);
    assert.match(missingArg.err, /start needs a FILE/);
    const absent = await cli(dir, ["start", "nowhere.ts"]);
    assert.equal(absent.code, 66);
    assert.match(
      absent.err,
      /Cannot read "nowhere\.ts": there is no such file\./,
    );
    await Deno.mkdir(join(dir, "folder.ts"));
    const folder = await cli(dir, ["start", "folder.ts"]);
    assert.equal(folder.code, 66);
    assert.match(folder.err, /Cannot read "folder\.ts"/);
    await Deno.writeFile(
      join(dir, "binary.lox"),
      new Uint8Array([0x70, 0xff, 0x0a]),
    );
    const binary = await cli(dir, ["start", "binary.lox"]);
    assert.equal(binary.code, 66);
    assert.match(binary.err, /not UTF-8 text/);
    await Deno.writeTextFile(join(dir, "notes.txt"), "print 1;");
    const extension = await cli(dir, ["start", "notes.txt"]);
    assert.equal(extension.code, 64);
    assert.match(extension.err, /neither a \.ts module nor a \.lox script/);
    const two = await cli(dir, ["start", "a.ts", "b.ts"]);
    assert.equal(two.code, 64);
    await assert.rejects(Deno.stat(join(dir, "w.db")), Deno.errors.NotFound);
  });
});

Deno.test("workflow start validates --in, --at, --every and --id, and takes only one of the three times", async () => {
  await inScratch(async (dir) => {
    const file = join(TESTDATA, "sleepy.ts");
    const cases: [string[], RegExp][] = [
      [
        ["--in", "-5"],
        /--in takes a whole number of milliseconds, 0 or more, not "-5"/,
      ],
      [["--in", "soon"], /--in takes a whole number/],
      [
        ["--at", "tomorrow"],
        /--at takes an ISO time such as 2026-12-01T09:00:00Z, not "tomorrow"/,
      ],
      [["--at", "2026-02-30T25:00:00Z"], /--at takes an ISO time/],
      [
        ["--every", "0"],
        /--every takes a whole number of milliseconds, 1 or more, not "0"/,
      ],
      [["--in", "5", "--at", "2026-01-02"], /--in and --at cannot go together/],
      [["--in", "5", "--every", "5"], /--in and --every cannot go together/],
      [["--id", "has space"], /"has space" cannot be an id/],
      [["--in"], /--in needs a value/],
      [["--in", "1", "--in", "2"], /--in is given twice/],
      [
        ["--soon"],
        /Unknown flag "--soon"; this command takes --id, --db, --in, --at, --every/,
      ],
    ];
    for (const [flags, message] of cases) {
      const outcome = await cli(dir, ["start", file, ...flags]);
      assert.equal(outcome.code, 64, flags.join(" "));
      assert.match(outcome.err, message);
    }
    await assert.rejects(Deno.stat(join(dir, "w.db")), Deno.errors.NotFound);
  });
});

// --- the command line itself ---

Deno.test("workflow: an unknown command is a usage error, --help is not", async () => {
  await inScratch(async (dir) => {
    const unknown = await cli(dir, ["launch"]);
    assert.equal(unknown.code, 64);
    assert.match(
      unknown.err,
      /Unknown command "launch"; the commands are start, worker, list, show, signal, cancel\./,
    );
    const help = await cli(dir, ["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.out, /start FILE \[--id ID\]/);
    assert.match(help.out, /64 usage/);
    const listHelp = await cli(dir, ["list", "--help"]);
    assert.equal(listHelp.code, 0);
    const bare = await main([], { err: () => {}, cwd: dir });
    assert.equal(bare, 64);
  });
});

// --- list, show ---

Deno.test("workflow list and show on a store that does not exist make no file", async () => {
  await inScratch(async (dir) => {
    const listed = await cli(dir, ["list", "--json"]);
    assert.equal(listed.code, 0);
    assert.deepEqual(JSON.parse(listed.out), { workflows: [], schedules: [] });
    assert.match((await cli(dir, ["list"])).err, /No workflows in/);
    const shown = await cli(dir, ["show", "x"]);
    assert.equal(shown.code, 66);
    assert.match(
      shown.err,
      /No workflow or schedule has the id "x": there is no store at/,
    );
    await assert.rejects(Deno.stat(join(dir, "w.db")), Deno.errors.NotFound);
  });
});

Deno.test("workflow show, signal and cancel of an unknown id exit 66", async () => {
  await inScratch(async (dir) => {
    await cli(dir, ["start", join(TESTDATA, "sleepy.ts"), "--id", "known"]);
    for (
      const args of [["show", "nope"], ["signal", "nope", "go"], [
        "cancel",
        "nope",
      ]]
    ) {
      const outcome = await cli(dir, args);
      assert.equal(outcome.code, 66, args.join(" "));
      assert.match(
        outcome.err,
        /No workflow or schedule has the id "nope" in .*w\.db/,
      );
    }
  });
});

Deno.test("workflow list shows each workflow's status and what it waits for", async () => {
  await inScratch(async (dir) => {
    await cli(dir, ["start", join(TESTDATA, "sleepy.ts"), "--id", "a"]);
    await cli(dir, [
      "start",
      join(TESTDATA, "hello.lox"),
      "--id",
      "b",
      "--in",
      "60000",
    ]);
    const lines = (await cli(dir, ["list"])).out.split("\n");
    assert.match(lines[0], /^ID\s+STATUS\s+KIND/);
    assert.match(lines[1], /^a\s+pending\s+replay\s+2020-01-01T00:00:00\.000Z/);
    assert.match(
      lines[2],
      /^b\s+pending\s+snapshot\s+2020-01-01T00:01:00\.000Z/,
    );
    const json = JSON.parse((await cli(dir, ["list", "--json"])).out);
    assert.deepEqual(json.workflows.map((w: { id: string }) => w.id), [
      "a",
      "b",
    ]);
  });
});

// --- signal, cancel ---

Deno.test("signal values are JSON when they are JSON, else text; none is null", () => {
  assert.equal(signalValue("42"), 42);
  assert.deepEqual(signalValue('{"ok":true}'), { ok: true });
  assert.equal(signalValue('"quoted"'), "quoted");
  assert.equal(signalValue("yes please"), "yes please");
  assert.equal(signalValue("-1"), -1);
  assert.equal(signalValue(undefined), null);
});

Deno.test("workflow signal delivers once per key, and says which", async () => {
  await inScratch(async (dir) => {
    await cli(dir, ["start", join(TESTDATA, "approval.ts"), "--id", "ap"]);
    const first = await cli(dir, [
      "signal",
      "ap",
      "approve",
      '{"by":"ada"}',
      "--key",
      "k1",
    ]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Delivered signal "approve" to ap\./);
    const again = await cli(dir, [
      "signal",
      "ap",
      "approve",
      "other",
      "--key",
      "k1",
    ]);
    assert.equal(again.code, 0);
    assert.match(
      again.out,
      /Not delivered again: signal key "k1" was sent to ap before\./,
    );
    const third = await cli(dir, ["signal", "ap", "approve"]);
    assert.match(third.out, /Delivered/, "without --key, each send is new");
    using db = new DatabaseSync(join(dir, "w.db"));
    const rows = db.prepare("SELECT value FROM signals ORDER BY seq").all();
    assert.deepEqual(rows.map((r) => r.value), ['{"by":"ada"}', "null"]);
    const missing = await cli(dir, ["signal", "ap"]);
    assert.equal(missing.code, 64);
    assert.match(
      missing.err,
      /signal needs a workflow's ID and the signal's NAME/,
    );
  });
});

Deno.test("workflow signal to a finished workflow is refused, exit 1; cancel says what it was", async () => {
  await inScratch(async (dir) => {
    await cli(dir, ["start", join(TESTDATA, "approval.ts"), "--id", "ap"]);
    const cancelled = await cli(dir, ["cancel", "ap"]);
    assert.equal(cancelled.code, 0);
    assert.match(cancelled.out, /Cancelled ap \(it was pending\)\./);
    assert.equal((await show(dir, "ap")).status, "cancelled");
    const signalled = await cli(dir, ["signal", "ap", "approve", "1"]);
    assert.equal(signalled.code, 1);
    assert.match(
      signalled.err,
      /Workflow ap is cancelled: it takes no more signals\. Nothing was sent\./,
    );
    const again = await cli(dir, ["cancel", "ap"]);
    assert.match(
      again.out,
      /Workflow ap is cancelled already; nothing changed\./,
    );
  });
});

// --- a store that cannot be used ---

Deno.test("workflow on a file of random bytes exits 74 and leaves the file as it was", async () => {
  await inScratch(async (dir) => {
    const junk = new Uint8Array(8192);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251;
    await Deno.writeFile(join(dir, "w.db"), junk);
    for (
      const args of [
        ["list"],
        ["show", "x"],
        ["start", join(TESTDATA, "sleepy.ts")],
        ["signal", "x", "go"],
        ["cancel", "x"],
      ]
    ) {
      const outcome = await cli(dir, args);
      assert.equal(outcome.code, 74, args.join(" "));
      assert.match(
        outcome.err,
        /is not a workflow store, or it is damaged.*Nothing was changed/,
      );
    }
    assert.deepEqual(await Deno.readFile(join(dir, "w.db")), junk);
  });
});

/**
 * Another process holding `db` in an exclusive transaction until `release`: a
 * `deno eval` (which may do anything) that says "locked" once it holds it, and
 * lets go when its stdin closes.
 */
async function lockedBy(db: string): Promise<{ release(): Promise<void> }> {
  const code = `
    import { DatabaseSync } from "node:sqlite";
    const db = new DatabaseSync(${JSON.stringify(db)});
    db.exec("BEGIN EXCLUSIVE");
    console.log("locked");
    for await (const _ of Deno.stdin.readable);
    db.exec("ROLLBACK");
    db.close();
  `;
  const process = new Deno.Command("deno", {
    args: ["eval", "--quiet", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const said = process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("locked")) {
    const { value, done } = await said.read();
    if (done) throw new Error(`the lock holder ended: ${text}`);
    text += value;
  }
  return {
    async release() {
      await process.stdin.close();
      while (!(await said.read()).done) { /* the rest, so the pipe closes */ }
      assert.equal((await process.status).code, 0);
    },
  };
}

Deno.test("workflow on a store another process holds locked gives up after its short wait, exit 74", async () => {
  await inScratch(async (dir) => {
    await cli(dir, ["start", join(TESTDATA, "sleepy.ts"), "--id", "before"]);
    const holder = await lockedBy(join(dir, "w.db"));
    try {
      const blocked = await cli(dir, [
        "start",
        join(TESTDATA, "sleepy.ts"),
        "--id",
        "during",
      ], 50);
      assert.equal(blocked.code, 74);
      assert.match(
        blocked.err,
        /is locked by another process.*Nothing was changed; try again/,
      );
      const signal = await cli(dir, ["signal", "before", "go"], 50);
      assert.equal(signal.code, 74);
    } finally {
      await holder.release();
    }
    const listed = JSON.parse((await cli(dir, ["list", "--json"])).out);
    assert.deepEqual(listed.workflows.map((w: { id: string }) => w.id), [
      "before",
    ]);
  });
});

Deno.test("workflow without --db keeps its store in .bounce/workflows.db, made if need be", async () => {
  await inScratch(async (dir) => {
    const out: string[] = [];
    const code = await main(
      ["start", join(TESTDATA, "sleepy.ts"), "--id", "d"],
      {
        out: (line) => out.push(line),
        err: () => {},
        cwd: dir,
      },
    );
    assert.equal(code, 0);
    assert.deepEqual(out, ["d"]);
    assert.ok((await Deno.stat(join(dir, ".bounce", "workflows.db"))).isFile);
  });
});

Deno.test("workflow start into a folder that does not exist exits 74 and says which", async () => {
  await inScratch(async (dir) => {
    const outcome = await main(
      ["start", join(TESTDATA, "sleepy.ts"), "--db", "nowhere/w.db"],
      {
        out: () => {},
        err: (line) =>
          assert.match(line, /the folder .*nowhere does not exist/),
        cwd: dir,
      },
    );
    assert.equal(outcome, 74);
  });
});

// --- the worker, in a child process ---

Deno.test("workflow end to end: start a workflow that sleeps, worker --until-idle, show --json", async () => {
  await inScratch(async (dir) => {
    const started = await child(dir, [
      "start",
      join(TESTDATA, "sleepy.ts"),
      "--id",
      "trip",
    ]);
    assert.equal(started.code, 0, started.err);
    assert.equal(started.out, "trip\n");
    const worked = await child(dir, ["worker", "--until-idle"]);
    assert.equal(worked.code, 0, worked.err);
    assert.match(
      worked.err,
      /trip: running \(attempt 1\)\n.*trip: sleeping\n.*trip: running \(attempt 2\)\n.*trip: completed\n.*idle/,
    );
    assert.doesNotMatch(worked.err, STACK_FRAME);
    const shown = await child(dir, ["show", "trip", "--json"]);
    const details = JSON.parse(shown.out);
    assert.equal(details.id, "trip");
    assert.equal(details.status, "completed");
    assert.equal(details.result, "hello, true");
    assert.deepEqual(details.steps.map((s: { name: string }) => s.name), [
      "greet",
      "sleep",
      "finish",
    ]);
    assert.equal(details.steps[0].result, "hello");
    assert.deepEqual(details.state, { greeted: true });
    assert.equal(details.attempts, 2);
    assert.equal(details.wakeAt, null);
  });
});

Deno.test("workflow worker fails a workflow whose module no longer loads, saying why, and one whose step threw", async () => {
  await inScratch(async (dir) => {
    const module = join(dir, "flow.ts");
    await Deno.writeTextFile(
      module,
      `import { defineWorkflow } from "${REPLAY}";\nexport const workflow = defineWorkflow(function* (ctx) {\n  return yield* ctx.step("a", () => 1);\n});\n`,
    );
    await cli(dir, ["start", "flow.ts", "--id", "gone"]);
    await cli(dir, ["start", join(TESTDATA, "failing.ts"), "--id", "declined"]);
    await Deno.writeTextFile(module, "export const something = 1;\n");
    const worked = await child(dir, ["worker", "--until-idle"]);
    assert.equal(worked.code, 0, worked.err);
    assert.match(
      worked.err,
      /gone: failed: WorkflowLoadError: .*flow\.ts exports no "workflow"/,
    );
    const gone = await show(dir, "gone");
    assert.equal(gone.status, "failed");
    assert.match(String(gone.error), /flow\.ts exports no "workflow"/);
    const declined = await show(dir, "declined");
    assert.equal(declined.status, "failed");
    assert.deepEqual(declined.steps, [
      { name: "check", result: 1 },
      { name: "charge", result: null, error: "card declined" },
    ]);
    assert.match(String(declined.error), /StepFailedError: card declined/);
  });
});

Deno.test("workflow worker refuses a bad BOUNCE_WORKFLOW_FAULTS or lease (64), or a damaged store (74)", async () => {
  await inScratch(async (dir) => {
    const faults = await child(dir, ["worker", "--until-idle"], {
      BOUNCE_WORKFLOW_FAULTS: "sometimes",
    });
    assert.equal(faults.code, 64);
    assert.match(
      faults.err,
      /BOUNCE_WORKFLOW_FAULTS: "sometimes" is not a fault/,
    );
    const lease = await child(dir, ["worker", "--until-idle"], {
      BOUNCE_WORKFLOW_LEASE_MS: "-1",
    });
    assert.equal(lease.code, 64);
    assert.match(
      lease.err,
      /BOUNCE_WORKFLOW_LEASE_MS takes a whole number of milliseconds/,
    );
    const extra = await child(dir, ["worker", "now"]);
    assert.equal(extra.code, 64);
    await Deno.writeTextFile(
      join(dir, "w.db"),
      "not a database, just text ".repeat(200),
    );
    const corrupt = await child(dir, ["worker", "--until-idle"]);
    assert.equal(corrupt.code, 74);
    assert.match(corrupt.err, /is not a workflow store, or it is damaged/);
    assert.doesNotMatch(corrupt.err, STACK_FRAME);
  });
});

Deno.test("workflow worker stops cleanly on SIGTERM, leaving a waiting workflow as it was and letting go of a running one", async () => {
  await inScratch(async (dir) => {
    await cli(dir, ["start", join(TESTDATA, "approval.ts"), "--id", "ap"]);
    await cli(dir, ["start", join(TESTDATA, "stuck.ts"), "--id", "stuck"]);
    const worker = childCommand(dir, ["worker"]).spawn();
    const lines = worker.stderr.pipeThrough(new TextDecoderStream())
      .getReader();
    let seen = "";
    // It is running once it says it has parked the workflow.
    while (!seen.includes("ap: sleeping") || !seen.includes("stuck: running")) {
      const { value, done } = await lines.read();
      if (done) break;
      seen += value;
    }
    worker.kill("SIGTERM");
    for (;;) {
      const { value, done } = await lines.read();
      if (done) break;
      seen += value;
    }
    const status = await worker.status;
    await worker.stdout.cancel();
    assert.equal(status.code, 0, seen);
    assert.match(seen, /stopped by SIGTERM; what it was running \(1\) goes on/);
    const shown = await show(dir, "ap");
    assert.equal(shown.status, "sleeping");
    assert.equal(shown.waitingFor, "approve");
    // Its lease is over at once: the next worker need not wait for it to run out.
    using db = new DatabaseSync(join(dir, "w.db"));
    const stuck = db.prepare(
      "SELECT status, lease_until FROM workflows WHERE id = 'stuck'",
    ).get();
    assert.deepEqual({ ...stuck }, { status: "running", lease_until: 0 });
  });
});
