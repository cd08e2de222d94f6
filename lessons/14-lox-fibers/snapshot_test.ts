import assert from "node:assert/strict";
import {
  captureFiber,
  type FiberSnapshot,
  SNAPSHOT_FORMAT,
  SnapshotError,
} from "./snapshot.ts";
import {
  loadCaptured,
  resumeCaptured,
  runCaptured,
} from "../../runtime/lox/testing.ts";

const idle = { waker: { wake() {} } };

const BUSY = `
class Counter {
  init(step) { this.step = step; this.total = 0; }
  add() { this.total = this.total + this.step; return this; }
}
class Loud < Counter {
  add() { super.add(); print this.total; return this; }
}
fun makeAdder(n) {
  var calls = 0;
  fun add(x) { calls = calls + 1; return x + n + calls; }
  return add;
}
var adder = makeAdder(10);
var loud = Loud(3);
for (var i = 0; i < 6; i = i + 1) {
  loud.add();
  print adder(i);
}
`;

Deno.test("a fiber captured mid-run goes on from its snapshot on a new runtime, printing the rest", async () => {
  const whole = await runCaptured(BUSY);
  assert.equal(whole.code, 0);
  const first = loadCaptured(BUSY, { budget: 40 });
  for (let i = 0; i < 3; i++) assert.equal(first.main.poll(idle).ready, false);
  const snapshot = captureFiber(first.main);
  first.main.cancel();
  const printedBefore = first.out.join("");
  assert.ok(printedBefore.length > 0 && printedBefore !== whole.stdout);
  // The snapshot is plain data: it survives a copy, and can be restored twice.
  for (const copy of [structuredClone(snapshot), snapshot, snapshot]) {
    const resumed = resumeCaptured(copy);
    await resumed.runtime.run(resumed.main);
    assert.equal(printedBefore + resumed.out.join(""), whole.stdout);
  }
});

Deno.test("a sleeping fiber is saved as sleeping until T, and wakes at T on the new runtime", async () => {
  const first = loadCaptured(`print "before"; sleep(100); print clock();`);
  assert.equal(first.main.poll(idle).ready, false);
  const snapshot = captureFiber(first.main);
  first.main.cancel();
  assert.equal(snapshot.sleepingUntil, 100);
  const resumed = resumeCaptured(snapshot);
  await resumed.runtime.run(resumed.main);
  assert.deepEqual([...first.out, ...resumed.out], ["before\n", "0.1\n"]);
  // And while it sleeps again, it can be saved again.
  const again = resumeCaptured(snapshot);
  assert.equal(again.main.poll(idle).ready, false);
  assert.equal(captureFiber(again.main).sleepingUntil, 100);
  again.main.cancel();
});

Deno.test("a snapshot that meets a live channel names it and says why", () => {
  const script = loadCaptured(
    `var jobs = channel(1); var i = 0; while (i < 1000) i = i + 1;`,
    { budget: 30 },
  );
  assert.equal(script.main.poll(idle).ready, false);
  assert.throws(
    () => captureFiber(script.main),
    (error) => {
      assert.ok(error instanceof SnapshotError);
      assert.equal(error.resource, "<channel 1>");
      assert.match(
        error.message,
        /^Cannot snapshot this fiber: it holds <channel 1>, a channel: /,
      );
      return true;
    },
  );
  script.main.cancel();
});

Deno.test("a snapshot that meets an open listener in a local variable fails; a closed one is fine", () => {
  const open = loadCaptured(
    `fun f() { var l = listen(0); var i = 0; while (i < 1000) i = i + 1; } f();`,
    { budget: 30 },
  );
  assert.equal(open.main.poll(idle).ready, false);
  assert.throws(
    () => captureFiber(open.main),
    /it holds <listener 1>, a TCP listener: a listening socket belongs to this process and cannot be saved; close it before the snapshot\./,
  );
  open.main.cancel();
  open.host.closeAll();

  const closed = loadCaptured(
    `var l = listen(0); close(l); var i = 0; while (i < 1000) i = i + 1; print l; print channel(1);`,
    { budget: 30 },
  );
  assert.equal(closed.main.poll(idle).ready, false);
  const snapshot = captureFiber(closed.main);
  closed.main.cancel();
  assert.equal(snapshot.lastHandleId, 1);
  const resumed = resumeCaptured(snapshot);
  return resumed.runtime.run(resumed.main).then(() => {
    // The restored program gives new resources new numbers.
    assert.deepEqual(resumed.out, ["<listener 1>\n", "<channel 2>\n"]);
  });
});

Deno.test("a fiber waiting for anything but a sleep cannot be saved, and one that ended neither", async () => {
  const waiting = loadCaptured(`fun f() { sleep(5); } join(spawn(f));`);
  assert.equal(waiting.main.poll(idle).ready, false);
  assert.throws(
    () => captureFiber(waiting.main),
    (error) =>
      error instanceof SnapshotError && error.resource === "join(<task 1>)" &&
      /waiting in join\(<task 1>\)/.test(error.message),
  );
  waiting.main.cancel();
  waiting.host.closeAll();
  const ended = loadCaptured(`print 1;`);
  await ended.runtime.run(ended.main);
  assert.throws(() => captureFiber(ended.main), /it has ended/);
});

const STRESSED: Record<string, string> = {
  "classes and closures": BUSY,
  "recursion":
    `fun fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); } print fib(15);`,
  "closed upvalues": `
    fun counter() { var n = 0; fun inc() { n = n + 1; return n; } return inc; }
    var a = counter(); var b = counter();
    a(); a(); b();
    print a() + b();`,
  "a variable two fibers share while it is still on main's stack": `
    fun outer() {
      var shared = 0;
      fun inc() { for (var i = 0; i < 50; i = i + 1) shared = shared + 1; }
      var task = spawn(inc);
      for (var i = 0; i < 50; i = i + 1) shared = shared + 1;
      join(task);
      print shared;
    }
    outer();`,
  "channels between fibers": `
    var ch = channel(2);
    fun producer() { for (var i = 0; i < 10; i = i + 1) send(ch, i * i); close(ch); }
    spawn(producer);
    var sum = 0; var x = recv(ch);
    while (x != nil) { sum = sum + x; x = recv(ch); }
    print sum;`,
  "an instance identity kept across fibers": `
    class Box {}
    var box = Box();
    fun same() { return box; }
    print join(spawn(same)) == box;`,
  "an object that waited in a channel is still the one sent": `
    class Point { init(x) { this.x = x; } }
    var ch = channel(2);
    var p = Point(1);
    send(ch, p);
    var i = 0; while (i < 30) i = i + 1;
    print recv(ch) == p;`,
  "a runtime error with its trace": `
    fun a() { b(); }
    fun b() { var s = "x"; for (var i = 0; i < 20; i = i + 1) s = s + "y"; return -s; }
    a();`,
};

for (const [name, source] of Object.entries(STRESSED)) {
  Deno.test(`snapshotted every K instructions, a program prints the same: ${name}`, async () => {
    const plain = await runCaptured(source, { budget: 17 });
    assert.ok(plain.stdout.length + plain.stderr.length > 0);
    for (const snapshotEvery of [1, 5, 64]) {
      assert.deepEqual(
        await runCaptured(source, { budget: 17, snapshotEvery }),
        plain,
        `snapshotEvery: ${snapshotEvery}`,
      );
    }
  });
}

Deno.test("snapshotEvery really goes on from a copy of the state", () => {
  const script = loadCaptured(
    `fun f() {} var i = 0; while (i < 1000) i = i + 1;`,
    { budget: 100, snapshotEvery: 10 },
  );
  const state = script.main.state;
  assert.equal(script.main.poll(idle).ready, false);
  const f = script.program.globals.get("f");
  assert.equal(script.main.poll(idle).ready, false);
  assert.notEqual(script.main.state, state, "the fiber runs on a copy");
  const copied = script.program.globals.get("f");
  assert.notEqual(copied, f, "the globals are a copy");
  assert.deepEqual(copied, f);
  script.main.cancel();
});

Deno.test("a snapshot is a copy: the fiber it came from runs on without changing it", async () => {
  const whole = await runCaptured(BUSY);
  const first = loadCaptured(BUSY, { budget: 40 });
  assert.equal(first.main.poll(idle).ready, false);
  const printedBefore = first.out.join("");
  const snapshot = captureFiber(first.main);
  // The original runs to its end after the capture.
  await first.runtime.run(first.main);
  assert.equal(first.out.join(""), whole.stdout);
  const resumed = resumeCaptured(snapshot);
  await resumed.runtime.run(resumed.main);
  assert.equal(
    printedBefore + resumed.out.join(""),
    whole.stdout,
    "the snapshot changed as the fiber it was taken from ran on",
  );
});

Deno.test("a live handle deep inside an instance's fields is found", () => {
  const script = loadCaptured(
    `class Box {} var outer = Box(); outer.inner = Box(); outer.inner.ch = channel(1);
     var i = 0; while (i < 1000) i = i + 1;`,
    { budget: 30 },
  );
  assert.equal(script.main.poll(idle).ready, false);
  assert.throws(
    () => captureFiber(script.main),
    (error) =>
      error instanceof SnapshotError && error.resource === "<channel 1>",
    "a channel in a field of a field was not found",
  );
  script.main.cancel();
});

Deno.test("objects that refer to themselves are saved, and still do after a restore", async () => {
  const source = `
    class Node {}
    var a = Node(); var b = Node();
    a.next = b; b.next = a; a.me = a;
    var i = 0; while (i < 100) i = i + 1;
    print a.next.next == a;
    print a.me.me == a;`;
  const script = loadCaptured(source, { budget: 30 });
  assert.equal(script.main.poll(idle).ready, false);
  const snapshot = captureFiber(script.main);
  script.main.cancel();
  const resumed = resumeCaptured(snapshot);
  await resumed.runtime.run(resumed.main);
  assert.deepEqual(resumed.out, ["true\n", "true\n"]);
});

Deno.test("a snapshot in another format is refused with a SnapshotError", () => {
  const script = loadCaptured(`var i = 0; while (i < 1000) i = i + 1;`, {
    budget: 30,
  });
  assert.equal(script.main.poll(idle).ready, false);
  const snapshot = captureFiber(script.main);
  script.main.cancel();
  assert.equal(snapshot.format, SNAPSHOT_FORMAT);
  const other = {
    ...snapshot,
    format: "bounce-lox-fiber/0",
  } as unknown as FiberSnapshot;
  assert.throws(
    () => resumeCaptured(other),
    (error) =>
      error instanceof SnapshotError &&
      /format is bounce-lox-fiber\/0, not bounce-lox-fiber\/1/.test(
        error.message,
      ),
  );
});
