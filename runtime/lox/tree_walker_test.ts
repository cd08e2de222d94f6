import assert from "node:assert/strict";
import { benchProgram, PROGRAMS, withSize } from "./bench/programs.ts";
import { runLox } from "./interpret.ts";
import { runTreeWalker } from "./tree_walker.ts";
import { formatNumber } from "../../lessons/12-lox-compiler/value.ts";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

type Runner = typeof runLox;

async function outcome(run: Runner, source: string): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await run(source, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

/** Run on both interpreters; they must agree, and the tree-walker must match `expected`. */
async function agree(source: string, expected: Outcome): Promise<void> {
  const walker = await outcome(runTreeWalker, source);
  const vm = await outcome(runLox, source);
  assert.deepEqual(walker, vm, "the tree-walker and the VM differ");
  assert.deepEqual(walker, expected);
}

const ok = (stdout: string): Outcome => ({ code: 0, stdout, stderr: "" });
const failed = (stdout: string, stderr: string): Outcome => ({
  code: 70,
  stdout,
  stderr,
});

Deno.test("tree-walker: closures capture variables, each loop turn its own", async () => {
  await agree(
    `
fun counter() {
  var n = 0;
  fun next() { n = n + 1; return n; }
  return next;
}
var c = counter();
c(); c();
print c();
var fs = nil;
var gs = nil;
for (var i = 0; i < 3; i = i + 1) {
  var j = i * 10;
  fun f() { return j; }
  fun g() { return i; }
  if (fs == nil) { fs = f; gs = g; }
}
print fs();
print gs();
{
  var shared = "a";
  fun set() { shared = "b"; }
  fun get() { return shared; }
  set();
  print get();
}
`,
    ok("3\n0\n3\nb\n"),
  );
});

Deno.test("tree-walker: classes, inheritance, super, initializers and printing", async () => {
  await agree(
    `
class A {
  init(x) { this.x = x; }
  name() { return "A" + this.x; }
}
class B < A {
  init(x) { super.init(x + "!"); return; }
  name() { return "B/" + super.name(); }
}
var b = B("1");
print b.name();
print b.init("2") == b;
var m = b.name;
print m();
b.name = clock;
print b.name();
print A; print b; print m; print clock; print B("3").init;
fun f() {}
print f;
print 1000000; print 0.1 + 0.2; print -0; print 1 / 0; print (0 / 0) == (0 / 0);
print 2 <= 0 / 0; print !nil; print "a" + "b" == "ab";
`,
    ok(
      "B/A1!\ntrue\nB/A2!\n0\nA\nB instance\n<fn name>\n<native fn>\n<fn init>\n" +
        "<fn f>\n1e+06\n0.3\n-0\ninf\nfalse\ntrue\ntrue\ntrue\n",
    ),
  );
});

Deno.test("tree-walker: a runtime error prints its message and the VM's trace", async () => {
  await agree(
    `
fun inner(x) {
  return x +
    nil;
}
fun outer() {
  print "before";
  return inner(1);
}
outer();
`,
    failed(
      "before\n",
      "Operands must be two numbers or two strings.\n" +
        "[line 4] in inner()\n[line 8] in outer()\n[line 10] in script\n",
    ),
  );
});

Deno.test("tree-walker: the VM's messages for calls, properties and classes", async () => {
  const cases: [string, string][] = [
    ["fun f(a) {} f(1, 2);", "Expected 1 arguments but got 2."],
    ["class C {} C(1);", "Expected 0 arguments but got 1."],
    ['"s"();', "Can only call functions and classes."],
    ["var x = 1; x.m();", "Only instances have methods."],
    ["var x = 1; print x.f;", "Only instances have properties."],
    ["var x = 1; x.f = 2;", "Only instances have fields."],
    ["class C {} C().m();", "Undefined property 'm'."],
    ["print y;", "Undefined variable 'y'."],
    ["y = 1;", "Undefined variable 'y'."],
    ["var S = 1; class C < S {}", "Superclass must be a class."],
    ["print -true;", "Operand must be a number."],
    ["print 1 < true;", "Operands must be numbers."],
    [
      "class A {} class B < A { m() { super.m(); } } B().m();",
      "Undefined property 'm'.",
    ],
  ];
  for (const [source, message] of cases) {
    const walker = await outcome(runTreeWalker, source);
    assert.equal(walker.code, 70, source);
    assert.equal(walker.stderr.split("\n")[0], message, source);
    assert.deepEqual(walker, await outcome(runLox, source), source);
  }
});

Deno.test("tree-walker: deep recursion ends in the VM's Stack overflow, not a JS error", async () => {
  const walker = await outcome(
    runTreeWalker,
    "fun down(n) { return down(n + 1); }\ndown(0);",
  );
  assert.equal(walker.code, 70);
  const lines = walker.stderr.trimEnd().split("\n");
  assert.equal(lines[0], "Stack overflow.");
  // One line per frame: 63 calls of down() and the script.
  assert.equal(lines.length, 1 + 64);
  assert.equal(lines[64], "[line 2] in script");
  assert.deepEqual(
    walker,
    await outcome(runLox, "fun down(n) { return down(n + 1); }\ndown(0);"),
  );
});

Deno.test("tree-walker: chains of thousands of operators run, as on the VM", async () => {
  const terms = 20_000;
  await agree(
    // A local, as a global's name would take a constant per use (256 at most).
    `{\nvar a = 1;\nprint a${" + a".repeat(terms - 1)};\n` +
      `print false${" or false".repeat(terms - 2)} or "last";\n` +
      `print true${" and true".repeat(terms - 1)};\n}`,
    ok(`${terms}\nlast\ntrue\n`),
  );
});

Deno.test("tree-walker: compile errors are the VM's, and nothing runs", async () => {
  await agree('print "never";\nvar = 1;\nreturn 2;', {
    code: 65,
    stdout: "",
    stderr: "[line 2] Error at '=': Expect variable name.\n" +
      "[line 3] Error at 'return': Can't return from top-level code.\n",
  });
});

Deno.test("tree-walker: every benchmark program prints its JS twin's checksums", async () => {
  for (const program of PROGRAMS) {
    // Small sizes: this checks agreement, the benchmarks measure speed.
    const size = program.name === "fib" ? 15 : 3;
    const expected = program.twin(size).map((n) => formatNumber(n) + "\n")
      .join("");
    await agree(withSize(program, size), ok(expected));
  }
  assert.equal(benchProgram("fib").twin(15)[0], 610);
});
