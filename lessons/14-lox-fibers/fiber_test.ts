import assert from "node:assert/strict";
import {
  CancelledError,
  DeadlockError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";
import { INSTRUCTIONS_PER_VIRTUAL_MS } from "./script.ts";
import { loadCaptured, runCaptured } from "../../runtime/lox/testing.ts";

const idle = { waker: { wake() {} } };

/** Every number a program printed, one per line, skipping other lines. */
function numbers(stdout: string): number[] {
  return stdout.split("\n").filter((line) => /^-?[\d.]+(e[-+]\d+)?$/.test(line))
    .map(
      Number,
    );
}

Deno.test("a fiber that computes without waiting delays a ticking fiber by at most one slice", async () => {
  const budget = 1000;
  const slice = budget / INSTRUCTIONS_PER_VIRTUAL_MS; // ms of virtual time
  const { stdout, code } = await runCaptured(
    `
    var spins = 0;
    fun spin() { for (var n = 0; n < 200000; n = n + 1) spins = spins + 1; }
    spawn(spin);
    var last = spins;
    var between = true;
    for (var tick = 1; tick <= 5; tick = tick + 1) {
      var asleep = clock();
      sleep(10);
      print (clock() - asleep) * 1000 - 10; // how late this tick is, in ms
      if (spins == last) between = false;
      last = spins;
    }
    print between;
    `,
    { budget },
  );
  assert.equal(code, 0);
  assert.match(
    stdout,
    /true\n$/,
    "the spinner should have run between every two ticks: charge each spent slice to the host, so virtual time passes while a fiber computes",
  );
  const lates = numbers(stdout);
  assert.equal(lates.length, 5);
  for (const late of lates) {
    assert.ok(
      late > -1e-9 && late <= slice + 1e-9,
      `a tick came ${late} ms late; one slice is ${slice} ms`,
    );
  }
});

Deno.test("waits that are ready at once count toward the slice, so they cannot starve a ticker", async () => {
  const { stdout, code } = await runCaptured(
    `
    var ch = channel(1);
    fun pingPong() { for (var n = 0; n < 100000; n = n + 1) { send(ch, 1); recv(ch); } }
    spawn(pingPong);
    for (var tick = 1; tick <= 3; tick = tick + 1) {
      var asleep = clock();
      sleep(10);
      print (clock() - asleep) * 1000 - 10; // how late this tick is, in ms
    }
    `,
    { budget: 1000 },
  );
  assert.equal(code, 0);
  const lates = numbers(stdout);
  assert.equal(lates.length, 3);
  for (const late of lates) {
    assert.ok(
      late > -1e-9 && late <= 0.1 + 1e-9,
      `a tick came ${late} ms late`,
    );
  }
});

const TWO_WORKERS = `
var log = "";
fun worker(name) {
  fun work() {
    for (var i = 0; i < 40; i = i + 1) log = log + name;
  }
  return work;
}
var a = spawn(worker("a"));
var b = spawn(worker("b"));
join(a);
join(b);
print log;
`;

Deno.test("fibers interleave the same way on every run with the same budget", async () => {
  const first = await runCaptured(TWO_WORKERS, { budget: 25 });
  const second = await runCaptured(TWO_WORKERS, { budget: 25 });
  assert.equal(first.code, 0);
  assert.equal(second.stdout, first.stdout);
  assert.match(first.stdout, /ab/, "b ran in the middle of a's loop");
  assert.match(first.stdout, /ba/, "a ran in the middle of b's loop");
  const unbounded = await runCaptured(TWO_WORKERS, { budget: 1e9 });
  assert.equal(unbounded.stdout, "a".repeat(40) + "b".repeat(40) + "\n");
});

Deno.test("a runtime error fails only the fiber that made it", async () => {
  const unjoined = await runCaptured(`
    fun bad() { return 1 + nil; }
    spawn(bad);
    sleep(1);
    print "main goes on";
  `);
  assert.deepEqual(unjoined, {
    stdout: "main goes on\n",
    stderr: "",
    code: 0,
  });
  const joined = await runCaptured(`
    fun bad() { return 1 + nil; }
    var task = spawn(bad);
    sleep(1);
    print "main goes on";
    join(task);
  `);
  assert.deepEqual(joined, {
    stdout: "main goes on\n",
    stderr:
      "Joined task failed: Operands must be two numbers or two strings.\n[line 6] in script\n",
    code: 70,
  });
});

Deno.test("timeout cancels its fiber, and the fiber's timer leaves the runtime", async () => {
  const script = loadCaptured(`
    fun sleeper() { sleep(1000000); return "woke"; }
    print timeout(10, sleeper);
    recv(channel(1));
  `);
  // Nothing is left to wake the main fiber: had the sleeper's timer stayed, the
  // loop would have jumped to it instead of finding the deadlock at once.
  await assert.rejects(script.runtime.run(script.main), DeadlockError);
  assert.deepEqual(script.out, ["nil\n"]);
  assert.ok(script.clock.now() < 11, `the clock reached ${script.clock.now()}`);
  assert.equal(script.runtime.loop.timers.pending, 0);
  script.main.cancel();
  script.host.closeAll();
});

Deno.test("when the main fiber ends, the fibers it spawned are cancelled and their listeners closed", async () => {
  const script = loadCaptured(`
    fun server() {
      var listener = listen(0);
      print listener;
      sleep(1000000);
      accept(listener);
    }
    spawn(server);
    sleep(5);
  `);
  await script.runtime.run(script.main);
  assert.deepEqual(script.out, ["<listener 2>\n"]);
  assert.equal(script.host.isLive(2), false, "the listener was closed");
  assert.equal(script.runtime.loop.timers.pending, 0);
  assert.equal(script.host.fibers.size, 0);
});

Deno.test("a cancelled fiber lets go of its timer, and cancelling again does nothing", () => {
  const script = loadCaptured(`sleep(1000); print "never";`);
  assert.equal(script.main.poll(idle).ready, false);
  assert.equal(script.runtime.loop.timers.pending, 1);
  script.main.cancel();
  assert.equal(script.runtime.loop.timers.pending, 0);
  script.main.cancel();
  assert.equal(script.main.outcome?.ok, false);
  assert.throws(() => script.main.poll(idle), PolledAfterCompletionError);
  assert.deepEqual(script.out, []);
});

Deno.test("a poll runs at most the budget, then wakes its own task and answers pending", () => {
  const script = loadCaptured(
    `var i = 0; while (i < 100) i = i + 1; print i;`,
    {
      budget: 50,
    },
  );
  let woken = 0;
  const cx = { waker: { wake: () => woken++ } };
  let polls = 0;
  for (;;) {
    polls++;
    const before = script.main.state.steps;
    const polled = script.main.poll(cx);
    if (polled.ready) break;
    assert.equal(script.main.state.steps - before, 50);
    assert.equal(woken, polls, "each pending poll woke its task");
  }
  assert.ok(polls > 5, `only ${polls} polls for a loop of 100`);
  assert.deepEqual(script.out, ["100\n"]);
  assert.throws(() => script.main.poll(cx), PolledAfterCompletionError);
});

Deno.test("a program whose fibers all wait for each other ends with a deadlock message", async () => {
  const ran = await runCaptured(`var ch = channel(1);\nrecv(ch);`);
  assert.deepEqual(ran, {
    stdout: "",
    stderr:
      "Deadlock: every fiber is waiting, and nothing can wake one.\n[line 2] in script\n",
    code: 70,
  });
});

Deno.test("a wait that is over at once does not end the slice: the poll still runs the whole budget", () => {
  const script = loadCaptured(
    `var ch = channel(1); while (true) { send(ch, 1); recv(ch); }`,
    { budget: 100 },
  );
  let woken = 0;
  const cx = { waker: { wake: () => woken++ } };
  for (let poll = 1; poll <= 3; poll++) {
    const before = script.main.state.steps;
    assert.equal(script.main.poll(cx).ready, false);
    const ran = script.main.state.steps - before;
    assert.equal(
      ran,
      100,
      `poll ${poll} ran ${ran} instructions; a send or recv that did not have to wait should not end the slice early`,
    );
    assert.equal(woken, poll, "a slice that was used up wakes its own task");
  }
  script.main.cancel();
});

Deno.test("a fiber that computes without waiting makes virtual time pass, one slice at a time", () => {
  const budget = 1000;
  const script = loadCaptured(`var i = 0; while (true) i = i + 1;`, {
    budget,
  });
  for (let slices = 1; slices <= 3; slices++) {
    assert.equal(script.main.poll(idle).ready, false);
    const expected = slices * budget / INSTRUCTIONS_PER_VIRTUAL_MS;
    assert.ok(
      Math.abs(script.clock.now() - expected) < 1e-9,
      `after ${slices} slices the virtual clock is at ${script.clock.now()} ms, not ${expected} ms: charge each spent slice to the host`,
    );
  }
  script.main.cancel();
});

Deno.test("a poll while the sleep has not ended runs no instruction and stays pending", async () => {
  const script = loadCaptured(`sleep(10); print "awake";`);
  assert.equal(script.main.poll(idle).ready, false);
  const steps = script.main.state.steps;
  assert.equal(script.main.poll(idle).ready, false);
  assert.equal(
    script.main.state.steps,
    steps,
    "the VM ran although the fiber still waits",
  );
  assert.deepEqual(script.out, []);
  await script.runtime.run(script.main);
  assert.deepEqual(script.out, ["awake\n"]);
});

Deno.test("the value a native waited for is what the script gets back", () => {
  const script = loadCaptured(
    `var ch = channel(1); send(ch, "hello"); print recv(ch) + "!";`,
    { budget: 1e6 },
  );
  assert.equal(script.main.poll(idle).ready, true);
  assert.deepEqual(script.out, ["hello!\n"]);
});

Deno.test("cancelling a fiber closes the listener it opened", () => {
  const script = loadCaptured(`var l = listen(0); sleep(1000);`);
  assert.equal(script.main.poll(idle).ready, false);
  assert.equal(script.host.isLive(1), true, "listen(0) gave <listener 1>");
  script.main.cancel();
  assert.equal(
    script.host.isLive(1),
    false,
    "the cancelled fiber's listener is still open",
  );
  assert.equal(script.runtime.loop.timers.pending, 0);
});

Deno.test("cancelling a fiber wakes whoever waits for its end, and they see a cancellation", () => {
  const script = loadCaptured(`sleep(1000);`);
  assert.equal(script.main.poll(idle).ready, false);
  const end = script.main.ended();
  let woken = 0;
  const cx = { waker: { wake: () => woken++ } };
  assert.equal(end.poll(cx).ready, false);
  script.main.cancel();
  assert.equal(woken, 1, "the waiter for the fiber's end was not woken");
  const polled = end.poll(cx);
  assert.ok(polled.ready, "the fiber's end is not ready after cancel");
  assert.equal(polled.value.ok, false);
  assert.ok(
    !polled.value.ok && polled.value.error instanceof CancelledError,
    "the outcome of a cancelled fiber is a CancelledError",
  );
});

Deno.test("cancelling a fiber that has already returned changes nothing", async () => {
  const script = loadCaptured(`fun f() { return 7; } f();`);
  await script.runtime.run(script.main);
  assert.deepEqual(script.main.outcome, { ok: true, value: null });
  script.main.cancel();
  assert.deepEqual(
    script.main.outcome,
    { ok: true, value: null },
    "cancel() after the end replaced how the fiber ended",
  );
});

Deno.test("a fiber that starts to wait does not wake itself: the wait's future will", () => {
  const script = loadCaptured(`sleep(10); print "awake";`);
  let woken = 0;
  const cx = { waker: { wake: () => woken++ } };
  assert.equal(script.main.poll(cx).ready, false);
  assert.equal(
    woken,
    0,
    "a fiber that waits woke its own task: it would be polled again for nothing, over and over",
  );
  assert.equal(script.runtime.loop.timers.pending, 1, "the sleep's timer");
  script.main.cancel();
});
