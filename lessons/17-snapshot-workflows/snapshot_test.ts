import assert from "node:assert/strict";
import { type FaultPoint, Faults } from "../../runtime/workflow/faults.ts";
import { snapshotWorkflows } from "./snapshot.ts";
import { LostLeaseError, WorkflowStore } from "../15-durable-store/store.ts";
import {
  EPOCH,
  memoryStore,
  runUntilIdle,
  virtualRuntime,
} from "../../runtime/workflow/testing.ts";
import { Worker } from "../../runtime/workflow/worker.ts";

/** Start workflow `id` running `source`. */
function start(store: WorkflowStore, id: string, source: string): void {
  store.create(
    { id, kind: "snapshot", file: `/${id}.lox`, source, startAt: EPOCH },
    EPOCH,
  );
}

/** Where a workflow's `print`s go: one string per line printed. */
class Output {
  readonly lines: string[] = [];
  readonly io = {
    stdout: (text: string) => this.lines.push(...text.split("\n").slice(0, -1)),
    stderr: (text: string) => this.lines.push(`stderr: ${text}`),
  };
}

/** Virtual time after which a worker that is not idle yet is taken to loop. */
const TIME_LIMIT_MS = 10 * 60_000;
/** Activations after which a worker is taken to loop. */
const ACTIVATION_LIMIT = 50;

/**
 * Run a worker until idle, starting at `at` on a virtual clock. A bug that makes a
 * workflow loop (recovered again and again, restarted from the top at each wake-up,
 * or held by a worker forever) fails the test rather than hanging it: the worker
 * stops after {@linkcode ACTIVATION_LIMIT} activations or
 * {@linkcode TIME_LIMIT_MS} of virtual time, which runs on whenever every task
 * waits.
 */
async function work(
  store: WorkflowStore,
  out: Output,
  at = EPOCH,
): Promise<void> {
  const runtime = virtualRuntime(at);
  const activate = snapshotWorkflows(out.io);
  let activations = 0;
  const worker = new Worker(store, runtime, {
    activate: {
      replay: () => {
        throw new Error("these tests run no replay workflow");
      },
      snapshot: (activation) => {
        if (++activations > ACTIVATION_LIMIT) {
          throw new Error(`more than ${ACTIVATION_LIMIT} activations`);
        }
        return activate(activation);
      },
    },
    untilIdle: true,
    owner: "test-worker",
  });
  const winner = await runtime.run(
    runtime.race<unknown>([worker.run(), runtime.sleep(TIME_LIMIT_MS)]),
  );
  if (winner.index !== 0) {
    throw new Error(
      `the worker was not idle after ${TIME_LIMIT_MS} virtual ms: a workflow loops`,
    );
  }
}

/**
 * One activation by a worker `owner` that then dies: claimed at `at` with a lease of
 * 5 s, and never renewed. Resolves once the activation ends (parks, finishes, or
 * crashes at a fault).
 */
async function activateOnce(
  store: WorkflowStore,
  out: Output,
  options: { owner?: string; at?: number; faults?: Faults } = {},
): Promise<void> {
  const owner = options.owner ?? "doomed";
  const at = options.at ?? EPOCH;
  const claim = store.claim(owner, at, at + 5000);
  assert.ok(claim !== undefined, "something to claim");
  const runtime = virtualRuntime(at);
  await runtime.run(
    snapshotWorkflows(out.io)({
      store,
      runtime,
      owner,
      claim,
      faults: options.faults ?? new Faults(),
    }),
  );
}

/**
 * What a staged crash throws. It must go through the activation untouched, as
 * nothing runs after a real SIGKILL: not turned into a Lox error, nor into a
 * failure committed for the workflow.
 */
class Crash extends Error {
  constructor(point: FaultPoint) {
    super(`crashed at ${point}`);
    this.name = "Crash";
  }
}

/** Faults that crash at the `nth` (from 1) visit of `point`, and nowhere else. */
function crashAt(point: FaultPoint, nth: number): Faults {
  let visits = 0;
  return new Faults(
    new Map([[point, 1]]),
    () => ++visits === nth ? 0 : 1,
    (at) => {
      throw new Crash(at);
    },
  );
}

function journal(store: WorkflowStore, id = "w") {
  return store.steps(id).map((step) => [step.name, step.result]);
}

const COUNTER = `
fun increment() {
  var n = get("n");
  if (n == nil) n = 0;
  put("n", n + 1);
  print "effect " + idempotencyKey();
  return n + 1;
}
`;

Deno.test("snapshot: a step's function runs once and its result is journaled", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
fun charge() { print "charging"; return 42; }
var total = step("charge", charge);
print total + 1;
`,
  );
  const out = new Output();
  await work(store, out);
  assert.deepEqual(out.lines, ["charging", "43"]);
  const done = store.get("w");
  assert.equal(done.status, "completed");
  assert.equal(done.attempts, 1);
  assert.deepEqual(journal(store), [["charge", 42]]);
});

Deno.test("snapshot: code before a sleep does not run again after the resume", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
var start = now();
var before = 0;
for (var i = 0; i < 3; i = i + 1) {
  before = before + 1;
  print now() - start;
}
sleep(1000);
print now() - start;
print before;
`,
  );
  const out = new Output();
  await work(store, out);
  assert.deepEqual(out.lines, [
    "0",
    "0",
    "0",
    "1000",
    "3",
  ]);
  assert.equal(store.get("w").status, "completed");
  assert.equal(store.get("w").attempts, 2, "the sleep parked it once");
  assert.deepEqual(journal(store), [["sleep", EPOCH + 1000]]);
});

Deno.test("snapshot: puts are applied once each across sleeps", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `${COUNTER}
for (var i = 0; i < 3; i = i + 1) {
  step("inc", increment);
  sleep(10);
}
put("done", true);
`,
  );
  const out = new Output();
  await work(store, out);
  assert.equal(store.get("w").status, "completed");
  assert.deepEqual(Object.fromEntries(store.state("w")), { n: 3, done: true });
  assert.deepEqual(out.lines, ["effect w:0", "effect w:2", "effect w:4"]);
  assert.deepEqual(journal(store), [
    ["inc", 1],
    ["sleep", EPOCH + 10],
    ["inc", 2],
    ["sleep", EPOCH + 20],
    ["inc", 3],
    ["sleep", EPOCH + 30],
  ]);
});

Deno.test("snapshot: get sees a put before it is committed; nil for a key never put", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
print get("k");
put("k", "v1");
print get("k");
put("k", "v2");
print get("k");
`,
  );
  const out = new Output();
  await work(store, out);
  assert.deepEqual(out.lines, ["nil", "v1", "v2"]);
  assert.deepEqual(Object.fromEntries(store.state("w")), { k: "v2" });
});

Deno.test("snapshot: a crash after a step's effect runs it again, but applies its put once", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `${COUNTER}
step("a", increment);
step("b", increment);
print get("n");
`,
  );
  const out = new Output();
  await assert.rejects(
    activateOnce(store, out, { faults: crashAt("after-effect", 2) }),
    Crash,
  );
  // Step a is committed; b's effect happened, its record and put did not.
  assert.deepEqual(journal(store), [["a", 1]]);
  assert.deepEqual(Object.fromEntries(store.state("w")), { n: 1 });
  assert.equal(store.get("w").status, "running");
  // A second worker, once the dead one's lease has run out.
  await work(store, out, EPOCH + 6000);
  assert.equal(store.get("w").status, "completed");
  assert.deepEqual(out.lines, [
    "effect w:0",
    "effect w:1",
    "effect w:1", // at least once, with the same key
    "2",
  ]);
  assert.deepEqual(journal(store), [["a", 1], ["b", 2]]);
  assert.deepEqual(Object.fromEntries(store.state("w")), { n: 2 });
});

Deno.test("snapshot: a crash just after a commit loses nothing and repeats nothing", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `${COUNTER}
step("a", increment);
put("between", "yes");
step("b", increment);
print get("n");
`,
  );
  const out = new Output();
  await assert.rejects(
    activateOnce(store, out, { faults: crashAt("after-commit", 1) }),
    Crash,
  );
  assert.deepEqual(journal(store), [["a", 1]]);
  await work(store, out, EPOCH + 6000);
  assert.deepEqual(out.lines, ["effect w:0", "effect w:1", "2"]);
  assert.deepEqual(Object.fromEntries(store.state("w")), {
    n: 2,
    between: "yes",
  });
});

Deno.test("snapshot: a crash in the middle of a commit writes nothing of it", async () => {
  let commits = 0;
  using store = WorkflowStore.open(":memory:", {
    beforeCommit: () => {
      if (++commits === 2) throw new Crash("mid-commit");
    },
  });
  start(
    store,
    "w",
    `${COUNTER}\nstep("a", increment);\nstep("b", increment);\n`,
  );
  const out = new Output();
  await assert.rejects(activateOnce(store, out), Crash);
  // Step b's record, its put and the snapshot were all rolled back.
  assert.deepEqual(journal(store), [["a", 1]]);
  assert.deepEqual(Object.fromEntries(store.state("w")), { n: 1 });
  await work(store, out, EPOCH + 6000);
  assert.deepEqual(out.lines, ["effect w:0", "effect w:1", "effect w:1"]);
  assert.deepEqual(journal(store), [["a", 1], ["b", 2]]);
  assert.deepEqual(Object.fromEntries(store.state("w")), { n: 2 });
});

Deno.test("snapshot: a crash before a step runs nothing of it", async () => {
  using store = memoryStore();
  start(store, "w", `${COUNTER}\nstep("a", increment);\n`);
  const out = new Output();
  await assert.rejects(
    activateOnce(store, out, { faults: crashAt("before-step", 1) }),
    Crash,
  );
  assert.deepEqual(out.lines, []);
  await work(store, out, EPOCH + 6000);
  assert.deepEqual(out.lines, ["effect w:0"]);
  assert.deepEqual(Object.fromEntries(store.state("w")), { n: 1 });
});

Deno.test("snapshot: waitSignal parks, then takes the signal's value once", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
print "waiting";
var v = waitSignal("go");
print v;
`,
  );
  const out = new Output();
  await work(store, out);
  const parked = store.get("w");
  assert.equal(parked.status, "sleeping");
  assert.equal(parked.waitingFor, "go");
  assert.deepEqual(journal(store), []);
  assert.deepEqual(store.signal("w", "go", 7, "k1", EPOCH), {
    delivered: true,
  });
  assert.deepEqual(store.signal("w", "go", 8, "k1", EPOCH), {
    delivered: false,
  });
  await work(store, out);
  assert.equal(store.get("w").status, "completed");
  assert.deepEqual(out.lines, ["waiting", "7"]);
  assert.deepEqual(journal(store), [["signal:go", 7]]);
  assert.equal(store.nextSignal("w", "go"), undefined, "consumed");
});

Deno.test("snapshot: a signal sent before waitSignal is taken without parking", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
print waitSignal("a") + waitSignal("a");
`,
  );
  store.signal("w", "a", "x", "k1", EPOCH);
  store.signal("w", "a", "y", "k2", EPOCH);
  const out = new Output();
  await work(store, out);
  assert.deepEqual(out.lines, ["xy"]);
  assert.equal(store.get("w").attempts, 1);
  assert.deepEqual(journal(store), [["signal:a", "x"], ["signal:a", "y"]]);
});

Deno.test("snapshot: a compile error fails the workflow with clox's messages", async () => {
  using store = memoryStore();
  start(store, "w", "print ;\nvar = 1;\n");
  const out = new Output();
  await work(store, out);
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.equal(
    failed.error,
    "[line 1] Error at ';': Expect expression.\n" +
      "[line 2] Error at '=': Expect variable name.",
  );
  assert.deepEqual(out.lines, []);
});

Deno.test("snapshot: a runtime error fails the workflow with its report; held puts are dropped", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
put("kept", 1);
sleep(5);
put("dropped", 2);
fun broken() { return 1 + nil; }
print "before";
broken();
`,
  );
  const out = new Output();
  await work(store, out);
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.equal(
    failed.error,
    "Operands must be two numbers or two strings.\n[line 5] in broken()\n[line 7] in script",
  );
  assert.deepEqual(out.lines, ["before"]);
  assert.deepEqual(Object.fromEntries(store.state("w")), { kept: 1 });
});

Deno.test("snapshot: a failure inside a step's function is reported from the script's lines, without the prelude's", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
fun bad() { return nil + 1; }
step("bad", bad);
`,
  );
  await work(store, new Output());
  assert.equal(
    store.get("w").error,
    "Operands must be two numbers or two strings.\n[line 2] in bad()\n[line 3] in script",
  );
  assert.deepEqual(journal(store), []);
});

Deno.test("snapshot: a step's function cannot reach a durable point", async () => {
  using store = memoryStore();
  start(store, "w", `fun nap() { sleep(1); }\nstep("nap", nap);\n`);
  await work(store, new Output());
  assert.match(
    store.get("w").error ?? "",
    /^sleep: cannot be called inside step "nap"'s function/,
  );
});

Deno.test("snapshot: put refuses what the state cannot keep, naming put", async () => {
  using store = memoryStore();
  start(store, "w", `fun f() {}\nput("f", f);\n`);
  await work(store, new Output());
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(failed.error ?? "", /^put: .* not <fn f>\./);
});

Deno.test("snapshot: a live channel at a durable point fails the workflow with SnapshotError's message", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
var jobs = channel(1);
fun one() { return 1; }
step("one", one);
print "unreachable";
`,
  );
  const out = new Output();
  await work(store, out);
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /^Cannot snapshot this fiber: it holds <channel 1>, a channel: .*\n.*\[line 4\] in script$/s,
  );
  assert.deepEqual(journal(store), [], "nothing of the step was committed");
  assert.deepEqual(out.lines, []);
});

Deno.test("snapshot: a restored sleep whose time has passed goes on at once", async () => {
  using store = memoryStore();
  start(store, "w", `sleep(1000);\nprint now() - ${EPOCH};\n`);
  const out = new Output();
  await activateOnce(store, out);
  assert.equal(store.get("w").status, "sleeping");
  assert.equal(store.get("w").wakeAt, EPOCH + 1000);
  // No worker ran while it was due: it resumes a minute late, and waits no more.
  await work(store, out, EPOCH + 60_000);
  assert.deepEqual(out.lines, ["60000"]);
  assert.equal(store.get("w").status, "completed");
});

Deno.test("snapshot: the journal names each entry and keeps JSON results", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
class Order { init(id) { this.id = id; } }
fun reserve() { return Order("A1"); }
fun price() { return 12.5; }
fun nothing() {}
fun yes() { return true; }
var order = step("reserve", reserve);
step("price", price);
step("nothing", nothing);
step("yes", yes);
sleep(0);
var ok = waitSignal("approve");
print order.id + " " + ok;
`,
  );
  store.signal("w", "approve", "yes", "k", EPOCH);
  const out = new Output();
  await work(store, out);
  assert.deepEqual(out.lines, ["A1 yes"], "the fiber kept the instance itself");
  assert.deepEqual(journal(store), [
    ["reserve", "Order instance"],
    ["price", 12.5],
    ["nothing", null],
    ["yes", true],
    ["sleep", EPOCH],
    ["signal:approve", "yes"],
  ]);
});

Deno.test("snapshot: idempotencyKey outside a step is a runtime error", async () => {
  using store = memoryStore();
  start(store, "w", "print idempotencyKey();\n");
  await work(store, new Output());
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /^idempotencyKey: there is no key outside a step/,
  );
});

Deno.test("snapshot: a spawned task still running at a durable point fails the workflow", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
fun forever() { recv(channel(1)); }
fun one() { return 1; }
spawn(forever);
step("one", one);
`,
  );
  await work(store, new Output());
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /^Cannot snapshot this fiber: a spawned task/,
  );
  assert.deepEqual(journal(store), []);
});

Deno.test("snapshot: a workflow stuck on a channel nobody else can use fails as a deadlock", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
fun drain(ch) { return recv(ch); }
var jobs = channel(1);
print "waiting";
drain(jobs);
`,
  );
  const out = new Output();
  // One activation on its own runtime: if the deadlock went unseen, that runtime
  // would reject (nothing left to run) rather than hang the test.
  await activateOnce(store, out);
  assert.deepEqual(out.lines, ["waiting"]);
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.equal(
    failed.error,
    "Deadlock: the workflow waits on a channel, and no other fiber is left to use it.\n[line 2] in drain()\n[line 5] in script",
  );
});

Deno.test("snapshot: a channel shared with a spawned task is no deadlock", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
var jobs = channel(1);
fun produce() { send(jobs, 1); send(jobs, 2); }
var producer = spawn(produce);
print recv(jobs) + recv(jobs);
`,
  );
  const out = new Output();
  await work(store, out);
  assert.deepEqual(out.lines, ["3"]);
  assert.equal(store.get("w").status, "completed");
});

Deno.test("snapshot: a durable native in a spawned task is a runtime error", async () => {
  using store = memoryStore();
  start(
    store,
    "w",
    `
fun nap() { sleep(5); }
join(spawn(nap));
`,
  );
  await work(store, new Output());
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /sleep: only the workflow's main fiber can do this/,
  );
});

Deno.test("snapshot: a worker that lost its lease stops at its next commit, writing nothing", async () => {
  using store = memoryStore();
  start(store, "w", `${COUNTER}\nstep("a", increment);\n`);
  const claim = store.claim("slow", EPOCH, EPOCH + 5000);
  assert.ok(claim !== undefined);
  // Its lease runs out before it gets going, and another worker takes the workflow.
  assert.ok(store.claim("other", EPOCH + 6000, EPOCH + 11_000) !== undefined);
  const runtime = virtualRuntime(EPOCH + 6000);
  const out = new Output();
  await assert.rejects(
    runtime.run(
      snapshotWorkflows(out.io)({
        store,
        runtime,
        owner: "slow",
        claim,
        faults: new Faults(),
      }),
    ),
    LostLeaseError,
  );
  assert.deepEqual(out.lines, ["effect w:0"], "the effect ran: at least once");
  assert.deepEqual(journal(store), []);
  assert.deepEqual(Object.fromEntries(store.state("w")), {});
});

Deno.test("snapshot: a snapshot that cannot be read fails the workflow with a message", async () => {
  using store = memoryStore();
  start(store, "w", "print 1;\n");
  const claim = store.claim("me", EPOCH, EPOCH + 5000);
  assert.ok(claim !== undefined);
  const runtime = virtualRuntime();
  await runtime.run(
    snapshotWorkflows(new Output().io)({
      store,
      runtime,
      owner: "me",
      claim: { ...claim, snapshot: new Uint8Array([1, 2, 3]) },
      faults: new Faults(),
    }),
  );
  const failed = store.get("w");
  assert.equal(failed.status, "failed");
  assert.match(
    failed.error ?? "",
    /^The workflow's snapshot cannot be restored/,
  );
});

// Reading the example needs --allow-read=runtime/examples (runtime/permissions.json);
// without it, this test is reported as ignored rather than passing.
const example = new URL(
  "../../runtime/examples/workflow_order.lox",
  import.meta.url,
);
const exampleReadable = Deno.permissions.querySync({
  name: "read",
  path: example.pathname,
}).state === "granted";

Deno.test({
  name:
    "workflow_order.lox: reserves, waits for approval, ships after the sleep",
  ignore: !exampleReadable,
  async fn() {
    using store = memoryStore();
    start(store, "order-1", await Deno.readTextFile(example));
    const out = new Output();
    await work(store, out);
    assert.equal(store.get("order-1").waitingFor, "approve");
    store.signal("order-1", "approve", "yes", "k", EPOCH + 500);
    await work(store, out, EPOCH + 500);
    assert.equal(store.get("order-1").status, "completed");
    assert.equal(store.get("order-1").result, "shipped A-17");
    assert.deepEqual(out.lines, [
      "reserving, key order-1:0",
      "charging, key order-1:1",
      "reserved A-17; waiting for approval",
      "shipping A-17, key order-1:4",
      "seconds since the start:",
      "2.5",
    ]);
    assert.deepEqual(journal(store, "order-1"), [
      ["reserve", "A-17"],
      ["charge", 25],
      ["signal:approve", "yes"],
      ["sleep", EPOCH + 2500],
      ["ship", "shipped"],
    ]);
    assert.deepEqual(Object.fromEntries(store.state("order-1")), {
      charges: 1,
      status: "shipped",
      stock: "reserved",
    });
  },
});

Deno.test("snapshot: a workflow's result is its global `result` when the script ends", async () => {
  using store = memoryStore();
  store.create({
    id: "r",
    kind: "snapshot",
    file: "/r.lox",
    source:
      'fun forty() { return 40; }\nvar total = step("a", forty);\nsleep(10);\nvar result = total + 2;',
    startAt: EPOCH,
  }, EPOCH);
  await runUntilIdle(store, {
    snapshot: snapshotWorkflows({ stdout() {}, stderr() {} }),
  });
  assert.equal(store.get("r").status, "completed");
  assert.equal(store.get("r").result, 42);
});
