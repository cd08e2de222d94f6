import assert from "node:assert/strict";
import { LoxSession } from "./interpret.ts";
import { runCaptured } from "./testing.ts";

Deno.test("runLox: a good program prints and exits 0", async () => {
  assert.deepEqual(await runCaptured('print "hi"; print 1 + 1;'), {
    code: 0,
    stdout: "hi\n2\n",
    stderr: "",
  });
});

Deno.test("runLox: compile errors go to stderr, all of them, exit 65", async () => {
  assert.deepEqual(await runCaptured("print 1;\nvar = 2;\nprint @;\nprint 3"), {
    code: 65,
    stdout: "",
    stderr: [
      "[line 2] Error at '=': Expect variable name.",
      "[line 3] Error: Unexpected character.",
      "[line 4] Error at end: Expect ';' after value.",
      "",
    ].join("\n"),
  });
});

Deno.test("runLox: a runtime error keeps earlier output, adds the trace, exit 70", async () => {
  assert.deepEqual(
    await runCaptured('print "before";\nfun f() {\n  return nil + 1;\n}\nf();'),
    {
      code: 70,
      stdout: "before\n",
      stderr:
        "Operands must be two numbers or two strings.\n[line 3] in f()\n[line 5] in script\n",
    },
  );
});

Deno.test("runLox: a budget or snapshots change nothing a program prints", async () => {
  const source = `
    class Node { init(v, next) { this.v = v; this.next = next; } }
    var list = nil;
    for (var i = 0; i < 10; i = i + 1) list = Node(i, list);
    var sum = 0;
    while (list != nil) { sum = sum + list.v; list = list.next; }
    print sum;
    fun adder(n) { fun add(x) { return x + n; } return add; }
    print adder(2)(3);
  `;
  const plain = await runCaptured(source);
  assert.deepEqual(plain, { code: 0, stdout: "45\n5\n", stderr: "" });
  assert.deepEqual(await runCaptured(source, { budget: 3 }), plain);
  assert.deepEqual(await runCaptured(source, { snapshotEvery: 3 }), plain);
});

Deno.test("runLox: clock() reads 0 on the virtual clock", async () => {
  assert.deepEqual((await runCaptured("print clock();")).stdout, "0\n");
});

Deno.test("runLox: a loop that never waits is stopped at the computing limit, with a trace", async () => {
  const out = await runCaptured("var n = 0;\nwhile (true) {\n  n = n + 1;\n}", {
    computeLimitMs: 0,
  });
  assert.equal(out.code, 70);
  assert.equal(out.stdout, "");
  assert.match(out.stderr, /^Time limit: the program computed for 0 s/);
  assert.match(out.stderr, /\n\[line [23]\] in script\n$/);
});

Deno.test("runLox: a spawned task that spins stops the whole program, main's wait too", async () => {
  const out = await runCaptured(
    'fun spin() {\n  while (true) {}\n}\nspawn(spin);\nsleep(1000000);\nprint "never";',
    { computeLimitMs: 0 },
  );
  assert.equal(out.code, 70);
  assert.equal(out.stdout, "");
  assert.match(out.stderr, /^Time limit: /);
  assert.match(out.stderr, /\[line 2\] in spin\(\)\n/);
});

Deno.test("runLox: a program that waits more than it computes is not stopped by the limit", async () => {
  const out = await runCaptured(
    "for (var i = 0; i < 3; i = i + 1) {\n  sleep(10);\n  print i;\n}",
    { computeLimitMs: 0 },
  );
  assert.deepEqual(out, { code: 0, stdout: "0\n1\n2\n", stderr: "" });
});

Deno.test("LoxSession: globals carry over from line to line; an error ends only its line", async () => {
  let stdout = "";
  let stderr = "";
  const session = new LoxSession({
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  assert.equal(await session.run("var a = 1;"), 0);
  assert.equal(await session.run("fun twice(x) { return 2 * x; }"), 0);
  assert.equal(await session.run("print oops;"), 70);
  assert.equal(await session.run("print twice(a) +;"), 65);
  assert.equal(await session.run("a = a + 1; print twice(a);"), 0);
  assert.equal(stdout, "4\n");
  assert.match(stderr, /Undefined variable 'oops'\./);
  assert.match(stderr, /Expect expression\./);
});

Deno.test("LoxSession: a channel kept from an earlier line is closed, never another line's channel", async () => {
  let stdout = "";
  let stderr = "";
  const session = new LoxSession({
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  assert.equal(await session.run("var a = channel(1);"), 0);
  // Each line is a program of its own: `a` ended with the line that made it.
  const code = await session.run(
    'var b = channel(1); send(b, "b\'s"); print b; print recv(a);',
  );
  assert.equal(code, 70);
  assert.equal(stdout, "<channel 2>\n");
  assert.equal(stderr, "recv: <channel 1> is closed.\n[line 1] in script\n");
});
