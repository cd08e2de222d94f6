import assert from "node:assert/strict";
import { compile } from "./compiler.ts";
import { LoxRuntimeError } from "./errors.ts";
import { Op } from "./opcodes.ts";
import type { Value } from "./value.ts";
import {
  type Fiber,
  newProgram,
  type Program,
  runFiber,
  scriptFiber,
  standardNatives,
  type Step,
  VM_OP_NUMBERS,
} from "./vm.ts";

interface Run {
  readonly out: string;
  readonly step: Step;
  readonly fiber: Fiber;
  readonly program: Program;
}

function start(source: string, natives = standardNatives(() => 0)): Run & {
  readonly output: string[];
} {
  const result = compile(source);
  if ("errors" in result) {
    throw new Error(result.errors.map((e) => e.report).join("\n"));
  }
  const output: string[] = [];
  const program = newProgram(natives, (text) => output.push(text));
  const fiber = scriptFiber(program, result.fn);
  return {
    out: "",
    step: { type: "budget" },
    fiber,
    program,
    output,
  };
}

function run(source: string): Run {
  const s = start(source);
  const step = runFiber(s.program, s.fiber, Infinity);
  return { ...s, out: s.output.join(""), step };
}

function printed(source: string): string {
  const { out, step } = run(source);
  if (step.type === "error") throw step.error;
  assert.equal(step.type, "done");
  return out;
}

function runtimeError(source: string): [string, readonly string[]] {
  const { step } = run(source);
  assert.equal(step.type, "error");
  if (step.type !== "error") throw new Error("unreachable");
  return [step.error.message, step.error.trace];
}

Deno.test("vm: the loop's opcode numbers are the table's", () => {
  assert.deepEqual({ ...VM_OP_NUMBERS }, { ...Op });
});

Deno.test("vm: arithmetic, comparison, equality and truth", () => {
  assert.equal(
    printed(
      "print 1 + 2 * 3 - 4 / 2; print -(3); print 7 > 2; print 2 >= 3; print 1 < 1; print 1 <= 1;",
    ),
    "5\n-3\ntrue\nfalse\nfalse\ntrue\n",
  );
  assert.equal(
    printed(
      'print "a" + "b" == "ab"; print 0/0 == 0/0; print nil == false; print !nil; print !0; print 1 != 2;',
    ),
    "true\nfalse\nfalse\ntrue\nfalse\ntrue\n",
  );
  assert.equal(
    printed("print nil or 3; print false and x; print 1 and 2;"),
    "3\nfalse\n2\n",
  );
});

Deno.test("vm: numbers print as C's %g", () => {
  assert.equal(
    printed(
      "print 1000000; print 123456; print 0.0001; print 0.00001; print 1/3; print -0; print 1/0; print -1/0; print 0/0; print 2.5;",
    ),
    "1e+06\n123456\n0.0001\n1e-05\n0.333333\n-0\ninf\n-inf\nnan\n2.5\n",
  );
});

Deno.test("vm: objects print as clox prints them", () => {
  assert.equal(
    printed(
      "fun f() {} class C { m() {} } print f; print C; print C(); print C().m; print clock;",
    ),
    "<fn f>\nC\nC instance\n<fn m>\n<native fn>\n",
  );
});

Deno.test("vm: globals, locals, blocks and loops", () => {
  assert.equal(
    printed(
      "var a = 1; { var a = 2; print a; } print a; a = 3; print a; for (var i = 0; i < 3; i = i + 1) print i; var n = 0; while (n < 2) n = n + 1; print n;",
    ),
    "2\n1\n3\n0\n1\n2\n2\n",
  );
});

Deno.test("vm: closures share a captured variable, and keep it after its scope", () => {
  const source = `
    var get; var set;
    fun make() {
      var shared = "before";
      fun g() { return shared; }
      fun s(v) { shared = v; }
      get = g; set = s;
      print g();
    }
    make();
    set("after");
    print get();
    {
      var x = "block";
      fun f() { return x; }
      get = f;
    }
    print get();
  `;
  assert.equal(printed(source), "before\nafter\nblock\n");
});

Deno.test("vm: each loop-body closure captures that iteration's variable", () => {
  const source = `
    var fs = nil;
    var first;
    for (var i = 0; i < 2; i = i + 1) {
      var j = i;
      fun f() { return j; }
      if (fs == nil) { fs = f; } else { first = fs; fs = f; }
    }
    print first(); print fs();
  `;
  assert.equal(printed(source), "0\n1\n");
});

Deno.test("vm: classes, fields, methods, init, this and super", () => {
  const source = `
    class A {
      init(n) { this.n = n; }
      name() { return "A" + this.n; }
      twice() { return this.name() + this.name(); }
    }
    class B < A {
      init() { super.init("b"); }
      name() { return "B/" + super.name(); }
      bound() { var m = super.name; return m(); }
    }
    var b = B();
    print b.twice();
    print b.bound();
    print B().init() == nil;
    b.field = 5; print b.field;
    fun shadow() { return "field"; }
    b.name = shadow; print b.name();
    print A(1).init(2).n;
  `;
  assert.equal(
    printed(source),
    "B/AbB/Ab\nAb\nfalse\n5\nfield\n2\n",
  );
});

Deno.test("vm: runtime errors carry clox's message and a frame-by-frame trace", () => {
  assert.deepEqual(
    runtimeError("fun a() { b(); }\nfun b() {\n  -nil;\n}\na();"),
    ["Operand must be a number.", [
      "[line 3] in b()",
      "[line 1] in a()",
      "[line 5] in script",
    ]],
  );
  assert.deepEqual(runtimeError("print x;"), [
    "Undefined variable 'x'.",
    ["[line 1] in script"],
  ]);
  assert.deepEqual(runtimeError("x = 1;")[0], "Undefined variable 'x'.");
  assert.deepEqual(
    runtimeError('1 + "a";')[0],
    "Operands must be two numbers or two strings.",
  );
  assert.deepEqual(runtimeError('1 < "a";')[0], "Operands must be numbers.");
  assert.deepEqual(
    runtimeError("1();")[0],
    "Can only call functions and classes.",
  );
  assert.deepEqual(
    runtimeError("fun f(a) {} f();")[0],
    "Expected 1 arguments but got 0.",
  );
  assert.deepEqual(
    runtimeError("class C {} C(1);")[0],
    "Expected 0 arguments but got 1.",
  );
  assert.deepEqual(runtimeError("1.x;")[0], "Only instances have properties.");
  assert.deepEqual(runtimeError("1.x = 2;")[0], "Only instances have fields.");
  assert.deepEqual(runtimeError("1.x();")[0], "Only instances have methods.");
  assert.deepEqual(
    runtimeError("class C {} C().x;")[0],
    "Undefined property 'x'.",
  );
  assert.deepEqual(
    runtimeError("class C {} C().x();")[0],
    "Undefined property 'x'.",
  );
  assert.deepEqual(
    runtimeError("var A = 1; class B < A {}")[0],
    "Superclass must be a class.",
  );
});

Deno.test("vm: the 64th frame is allowed, the 65th overflows the stack", () => {
  // The script is frame 1, so depth(63) runs 63 more frames: 64 in all.
  const depth = "fun depth(n) { if (n > 1) depth(n - 1); }\n";
  assert.equal(printed(depth + 'depth(63); print "ok";'), "ok\n");
  const [message, trace] = runtimeError(depth + "depth(64);");
  assert.equal(message, "Stack overflow.");
  assert.equal(trace.length, 64);
  assert.equal(trace[0], "[line 1] in depth()");
  assert.equal(trace[63], "[line 2] in script");
});

Deno.test("vm: a spinning loop stops after exactly the budget, then continues", () => {
  // while (true) {} is three instructions a turn: TRUE at 0, JUMP_IF_FALSE_POP at 1
  // (covering the POP at 4), LOOP at 5.
  const { program, fiber } = start("while (true) {}");
  const ipAfter = (budget: number): number => {
    const step = runFiber(program, fiber, budget);
    assert.equal(step.type, "budget");
    return fiber.frames[0].ip;
  };
  assert.equal(ipAfter(1), 1, "after TRUE");
  assert.equal(ipAfter(1), 5, "after JUMP_IF_FALSE_POP");
  assert.equal(ipAfter(1), 0, "after LOOP");
  assert.equal(ipAfter(3 * 1000), 0, "whole turns");
  assert.equal(ipAfter(2), 5);
  assert.equal(fiber.steps, 3 + 3000 + 2);
  assert.equal(runFiber(program, fiber, 0).type, "budget");
  assert.equal(fiber.steps, 3005, "a zero budget runs nothing");
  assert.equal(runFiber(program, fiber, -3).type, "budget");
  assert.equal(fiber.steps, 3005, "nor does a negative one");
  assert.equal(runFiber(program, fiber, 2.5).type, "budget");
  assert.equal(fiber.steps, 3007, "a fractional budget rounds down");
});

Deno.test("vm: running in slices gives the same output as one run", () => {
  const source =
    "fun fib(n) { if (n < 2) return n; return fib(n - 2) + fib(n - 1); } for (var i = 0; i < 12; i = i + 1) print fib(i);";
  const whole = run(source);
  const sliced = start(source);
  let slices = 0;
  let step: Step;
  do {
    step = runFiber(sliced.program, sliced.fiber, 7);
    slices++;
  } while (step.type === "budget");
  assert.equal(step.type, "done");
  assert.equal(sliced.output.join(""), whole.out);
  assert.equal(sliced.fiber.steps, whole.fiber.steps);
  assert.equal(slices, Math.ceil((whole.fiber.steps + 1) / 7));
});

Deno.test("vm: a fiber copied with structuredClone carries on where it stopped", () => {
  const source = `
    var log = "";
    fun counter() { var n = 0; fun inc() { n = n + 1; return n; } return inc; }
    var c = counter();
    class Box { init(v) { this.v = v; } }
    var box = Box(0);
    for (var i = 0; i < 20; i = i + 1) { box.v = box.v + c(); }
    print box.v;
  `;
  const expected = printed(source);
  const s = start(source);
  let program = s.program;
  let fiber = s.fiber;
  for (;;) {
    const step = runFiber(program, fiber, 5);
    if (step.type === "done") break;
    assert.equal(step.type, "budget");
    const copy = structuredClone({ globals: program.globals, fiber });
    program = { ...program, globals: copy.globals };
    fiber = copy.fiber;
  }
  assert.equal(s.output.join(""), expected);
});

Deno.test("vm: natives get their arguments and may throw a Lox runtime error", () => {
  const natives = new Map(standardNatives(() => 1.5));
  natives.set("add", {
    arity: 2,
    fn: (args: Value[]) => {
      const [a, b] = args;
      if (typeof a !== "number" || typeof b !== "number") {
        throw new LoxRuntimeError("add wants numbers.");
      }
      return a + b;
    },
  });
  const s = start("print add(1, 2); print clock();\nadd(1, nil);", natives);
  const step = runFiber(s.program, s.fiber, Infinity);
  assert.equal(s.output.join(""), "3\n1.5\n");
  assert.equal(step.type, "error");
  if (step.type !== "error") return;
  assert.equal(step.error.message, "add wants numbers.");
  assert.deepEqual(step.error.trace, ["[line 2] in script"]);
  const wrong = start("add(1);", natives);
  const wrongStep = runFiber(wrong.program, wrong.fiber, Infinity);
  assert.equal(
    wrongStep.type === "error" && wrongStep.error.message,
    "Expected 2 arguments but got 1.",
  );
});

Deno.test("vm: a string past the size limit is a runtime error, not a crash", () => {
  const [message] = runtimeError(
    'var s = "x"; while (true) s = s + s;',
  );
  assert.equal(message, "String too long.");
});
