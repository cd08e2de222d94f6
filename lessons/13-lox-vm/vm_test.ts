import assert from "node:assert/strict";
import { timeLimit } from "../_support/testing.ts";
import type { Future } from "../01-futures/future.ts";
import { compile } from "../12-lox-compiler/compiler.ts";
import { LoxInternalError, LoxRuntimeError } from "../10-lox-parser/errors.ts";
import { Op } from "../12-lox-compiler/opcodes.ts";
import { instructionOffsets } from "../12-lox-compiler/optimize.ts";
import {
  type LoxClosure,
  type LoxFunction,
  newClosure,
  type Value,
} from "../12-lox-compiler/value.ts";
import {
  type Fiber,
  type NativeDef,
  newFiber,
  newProgram,
  type Program,
  resumeFiber,
  runFiber,
  scriptFiber,
  standardNatives,
  type Step,
  Suspend,
  VM_OP_NUMBERS,
} from "./vm.ts";

// Every program here runs twice: with the book's instructions only (optimize off),
// which are the ones you write, and with optimize.ts's superinstructions, as
// `deno task run` runs it. Both must print the same.

/** Far more instructions than any program here needs: a program still running
 * after this many has a jump that goes to the wrong place. */
const ENOUGH = 1_000_000;

type Natives = ReadonlyMap<string, NativeDef>;

function compiled(source: string, optimize: boolean): LoxFunction {
  const result = compile(source, { optimize });
  if ("errors" in result) {
    throw new Error(result.errors.map((e) => e.report).join("\n"));
  }
  return result.fn;
}

interface Started {
  readonly program: Program;
  readonly fiber: Fiber;
  /** What the program has printed so far. */
  readonly output: string[];
}

function start(
  source: string,
  options: { optimize?: boolean; natives?: Natives } = {},
): Started {
  const output: string[] = [];
  const program = newProgram(
    options.natives ?? standardNatives(() => 0),
    (text) => output.push(text),
  );
  const fiber = scriptFiber(
    program,
    compiled(source, options.optimize ?? false),
  );
  return { program, fiber, output };
}

interface Ran extends Started {
  readonly out: string;
  readonly step: Step;
}

function runOnce(source: string, optimize: boolean, natives?: Natives): Ran {
  const started = start(source, { optimize, natives });
  const step = runFiber(started.program, started.fiber, ENOUGH);
  return { ...started, out: started.output.join(""), step };
}

function describe(step: Step): string {
  switch (step.type) {
    case "done":
      return `done with ${JSON.stringify(step.value)}`;
    case "budget":
      return `still running after ${ENOUGH} instructions (a jump or a loop that goes to the wrong place?)`;
    case "wait":
      return "waiting for a native";
    case "error":
      return `a runtime error: ${step.error.message} ${
        JSON.stringify(step.error.trace)
      }`;
  }
}

/** Run `source` both ways; they must agree. Answers the run on the book's instructions. */
function run(source: string, natives?: Natives): Ran {
  const plain = runOnce(source, false, natives);
  const fused = runOnce(source, true, natives);
  const summary = (r: Ran) =>
    `printed ${JSON.stringify(r.out)}, ended ${describe(r.step)}`;
  assert.equal(
    summary(fused),
    summary(plain),
    "with superinstructions the program should do what it does with the book's instructions",
  );
  return plain;
}

/** What `source` prints; it must run to its end. */
function printed(source: string, natives?: Natives): string {
  const { out, step } = run(source, natives);
  assert.equal(
    describe(step),
    describe({ type: "done", value: null }),
    `the program should run to its end; it printed ${JSON.stringify(out)}`,
  );
  return out;
}

/** The runtime error `source` stops with: its message and trace. */
function runtimeError(source: string): [string, readonly string[]] {
  const { step, out } = run(source);
  if (step.type !== "error") {
    assert.fail(
      `expected a runtime error, but the program ${describe(step)}, printing ${
        JSON.stringify(out)
      }`,
    );
  }
  return [step.error.message, step.error.trace];
}

function message(source: string): string {
  return runtimeError(source)[0];
}

/** The function `name` declared at the top of `source`, compiled, not yet run. */
function functionNamed(source: string, name: string): LoxClosure {
  for (const constant of compiled(source, false).chunk.constants) {
    if (
      typeof constant === "object" && constant !== null &&
      constant.kind === "function" && constant.name === name
    ) return newClosure(constant);
  }
  throw new Error(`${source} declares no function ${name}`);
}

// ---------------------------------------------------------------------------
// Task 1: a fiber, and a script that runs to its end

Deno.test(
  "vm: a new fiber holds its closure in slot 0 and its arguments above it",
  timeLimit,
  () => {
    const closure = functionNamed("fun pair(a, b) { return a; }", "pair");
    const { program } = start("");
    const fiber = newFiber(program, closure, [1, "two"]);
    assert.deepEqual(
      [fiber.stack[0], fiber.stack[1], fiber.stack[2], fiber.sp],
      [closure, 1, "two", 3],
      "stack: the closure, then the arguments; sp at the first free slot",
    );
    assert.deepEqual(
      fiber.frames.slice(0, fiber.frameCount),
      [{ closure, ip: 0, base: 0 }],
      "one frame, at the closure's first instruction, its slots from 0",
    );
    assert.deepEqual([fiber.openUpvalues, fiber.steps], [[], 0]);
  },
);

Deno.test(
  "vm: a fiber's stack is filled with nil beyond what it holds",
  timeLimit,
  () => {
    const { fiber } = start("");
    assert.ok(
      fiber.stack.length >= 2,
      `the stack should have room to grow into, but it has ${fiber.stack.length} slots`,
    );
    assert.ok(
      fiber.stack.slice(fiber.sp).every((v) => v === null),
      "the free slots should hold nil (null), not holes",
    );
  },
);

Deno.test(
  "vm: a fiber refuses a call with the wrong number of arguments",
  timeLimit,
  () => {
    const add = functionNamed("fun add(a, b) { return a + b; }", "add");
    const { program } = start("");
    assert.throws(
      () => newFiber(program, add, [1]),
      (error: unknown) =>
        error instanceof LoxRuntimeError &&
        error.message === "Expected 2 arguments but got 1.",
      "a LoxRuntimeError saying Expected 2 arguments but got 1.",
    );
  },
);

Deno.test(
  "vm: a script runs to its end and is done with nil",
  timeLimit,
  () => {
    const { out, step, fiber } = run('print 1 + 2; print "a" + "b";');
    assert.equal(out, "3\nab\n");
    assert.deepEqual(step, { type: "done", value: null });
    assert.equal(fiber.frameCount, 0, "a finished fiber has no frames left");
  },
);

Deno.test(
  "vm: a fiber that calls a function is done with what it returns",
  timeLimit,
  () => {
    const answer = functionNamed("fun answer() { return 6 * 7; }", "answer");
    const { program } = start("");
    const fiber = newFiber(program, answer, []);
    assert.deepEqual(runFiber(program, fiber, ENOUGH), {
      type: "done",
      value: 42,
    });
  },
);

Deno.test("vm: a finished fiber cannot be run again", timeLimit, () => {
  const { program, fiber } = start("print 1;");
  runFiber(program, fiber, ENOUGH);
  assert.throws(() => runFiber(program, fiber, ENOUGH), LoxInternalError);
});

// ---------------------------------------------------------------------------
// Task 2: variables, jumps and the trace

Deno.test("vm: arithmetic, comparison, equality and truth", timeLimit, () => {
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
});

Deno.test("vm: numbers print as C's %g", timeLimit, () => {
  assert.equal(
    printed(
      "print 1000000; print 123456; print 0.0001; print 0.00001; print 1/3; print -0; print 1/0; print -1/0; print 0/0; print 2.5;",
    ),
    "1e+06\n123456\n0.0001\n1e-05\n0.333333\n-0\ninf\n-inf\nnan\n2.5\n",
  );
});

Deno.test(
  "vm: a global is defined, read, assigned and defined again",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "var a = 1; print a; a = 2; print a; var a = 3; print a; var b; print b;",
      ),
      "1\n2\n3\nnil\n",
    );
  },
);

Deno.test(
  "vm: reading an undefined global is a runtime error that names it",
  timeLimit,
  () => {
    assert.deepEqual(runtimeError("print nope;"), [
      "Undefined variable 'nope'.",
      ["[line 1] in script"],
    ]);
  },
);

Deno.test(
  "vm: assigning an undefined global is an error and does not define it",
  timeLimit,
  () => {
    for (const optimize of [false, true]) {
      const { step, program } = runOnce("x = 1;", optimize);
      assert.equal(
        step.type === "error" && step.error.message,
        "Undefined variable 'x'.",
      );
      assert.equal(
        program.globals.has("x"),
        false,
        `a failed assignment must not leave x defined (optimize: ${optimize})`,
      );
    }
  },
);

Deno.test(
  "vm: an assignment is an expression: it leaves the value it assigned",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "var g; print g = 1; { var l; print l = 2; print l; }",
      ),
      "1\n2\n2\n",
    );
  },
);

Deno.test(
  "vm: block locals shadow globals and end with their block",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "var a = 1; { var a = 2; { var a = 3; print a; } print a; } print a;",
      ),
      "3\n2\n1\n",
    );
  },
);

Deno.test(
  "vm: if and else take the branch the condition says",
  timeLimit,
  () => {
    assert.equal(
      printed(
        'if (true) print "then"; else print "else"; if (nil) print "then"; else print "else"; if (0) print "zero is true"; if (false) print "never"; print "after";',
      ),
      "then\nelse\nzero is true\nafter\n",
    );
  },
);

Deno.test(
  "vm: and/or give the operand that decides, and skip the other",
  timeLimit,
  () => {
    // `nope` is undefined: evaluating it would be a runtime error.
    assert.equal(
      printed(
        "print nil or 3; print false and nope; print 1 and 2; print 1 or nope; print nil and nope; print false or false;",
      ),
      "3\nfalse\n2\n1\nnil\nfalse\n",
    );
  },
);

Deno.test(
  "vm: loops run their body the right number of times",
  timeLimit,
  () => {
    assert.equal(
      printed(
        'var n = 0; while (n < 3) n = n + 1; print n; var count = 0; for (var i = 0; i < 3; i = i + 1) for (var j = 0; j < 4; j = j + 1) count = count + 1; print count; for (var k = 0; k < 0; k = k + 1) print k; print "done";',
      ),
      "3\n12\ndone\n",
    );
  },
);

Deno.test(
  "vm: operators on the wrong types are runtime errors",
  timeLimit,
  () => {
    assert.equal(message('-"a";'), "Operand must be a number.");
    assert.equal(message('1 < "a";'), "Operands must be numbers.");
    assert.equal(message("nil * 2;"), "Operands must be numbers.");
    assert.equal(
      message('1 + "a";'),
      "Operands must be two numbers or two strings.",
    );
  },
);

Deno.test("vm: after a runtime error the fiber is finished", timeLimit, () => {
  const { program, fiber, step } = run("-nil;");
  assert.equal(step.type, "error");
  assert.deepEqual([fiber.frameCount, fiber.sp], [0, 0]);
  assert.throws(() => runFiber(program, fiber, ENOUGH), LoxInternalError);
});

Deno.test(
  "vm: a string past the size limit is a runtime error, not a crash",
  timeLimit,
  () => {
    assert.equal(
      message('var s = "x"; while (true) s = s + s;'),
      "String too long.",
    );
  },
);

// ---------------------------------------------------------------------------
// Task 3: the budget

Deno.test(
  "vm: each instruction counts one against the budget, and the next run carries on",
  timeLimit,
  () => {
    // while (true) {}: TRUE at 0, JUMP_IF_FALSE at 1, POP at 4, LOOP at 5 (-> 0).
    const { program, fiber } = start("while (true) {}");
    const ipAfter = (budget: number): number => {
      const step = runFiber(program, fiber, budget);
      assert.equal(
        step.type,
        "budget",
        "a spinning loop stops only for the budget",
      );
      return fiber.frames[0].ip;
    };
    assert.equal(ipAfter(1), 1, "after TRUE");
    assert.equal(ipAfter(1), 4, "after JUMP_IF_FALSE, which did not jump");
    assert.equal(ipAfter(1), 5, "after POP");
    assert.equal(ipAfter(1), 0, "after LOOP, back at the top");
    assert.equal(ipAfter(4 * 1000), 0, "1000 whole turns");
    assert.equal(
      fiber.sp,
      1,
      "between turns only the script's slot 0 is in use",
    );
    assert.equal(ipAfter(2), 4);
    assert.equal(
      fiber.steps,
      4 + 4000 + 2,
      "steps counts every instruction run",
    );
    assert.equal(fiber.sp, 2, "mid-turn, the condition is on the stack too");
  },
);

Deno.test(
  "vm: with superinstructions the loop is three instructions a turn",
  timeLimit,
  () => {
    // TRUE at 0, JUMP_IF_FALSE_POP at 1 (covering the POP at 4), LOOP at 5.
    const { program, fiber } = start("while (true) {}", { optimize: true });
    const ips: number[] = [];
    for (let i = 0; i < 4; i++) {
      assert.equal(runFiber(program, fiber, 1).type, "budget");
      ips.push(fiber.frames[0].ip);
    }
    assert.deepEqual(ips, [1, 5, 0, 1]);
    assert.equal(fiber.steps, 4);
  },
);

Deno.test(
  "vm: a budget of 0 or less runs nothing, and a fractional one rounds down",
  timeLimit,
  () => {
    const { program, fiber } = start("while (true) {}");
    assert.equal(runFiber(program, fiber, 0).type, "budget");
    assert.equal(runFiber(program, fiber, -3).type, "budget");
    assert.deepEqual(
      [fiber.steps, fiber.frames[0].ip],
      [0, 0],
      "budgets 0 and -3 ran no instruction",
    );
    assert.equal(runFiber(program, fiber, 2.5).type, "budget");
    assert.equal(fiber.steps, 2, "a budget of 2.5 runs 2 instructions");
  },
);

Deno.test(
  "vm: a large budget runs exactly that many instructions in one call",
  timeLimit,
  () => {
    const { program, fiber } = start("while (true) {}");
    assert.equal(runFiber(program, fiber, 100_001).type, "budget");
    assert.equal(fiber.steps, 100_001);
    assert.equal(fiber.frames[0].ip, 1, "25,000 turns of 4, then TRUE");
  },
);

Deno.test(
  "vm: steps counts the instructions of a run that ends, too",
  timeLimit,
  () => {
    // CONSTANT, PRINT, NIL, RETURN.
    const { fiber, step } = runOnce("print 1;", false);
    assert.equal(step.type, "done");
    assert.equal(fiber.steps, 4);
    // CONSTANT, NEGATE (fails): the failing instruction counts.
    const failed = runOnce('-"a";', false);
    assert.equal(failed.step.type, "error");
    assert.equal(failed.fiber.steps, 2);
  },
);

Deno.test(
  "vm: steps counts up to the failing instruction, whichever instruction fails",
  timeLimit,
  () => {
    // Each program's instructions, the last one failing: it counts too.
    const cases: [string, number][] = [
      ["nil + 1;", 3], // NIL, CONSTANT, ADD
      ['1 - "a";', 3], // CONSTANT, CONSTANT, SUBTRACT
      ['1 * "a";', 3],
      ['1 / "a";', 3],
      ['1 < "a";', 3],
      ['1 > "a";', 3],
      ["print x;", 1], // GET_GLOBAL
      ["x = 1;", 2], // CONSTANT, SET_GLOBAL
      ["nil.a;", 2], // NIL, GET_PROPERTY
      ["nil.a = 1;", 3], // NIL, CONSTANT, SET_PROPERTY
      ["nil();", 2], // NIL, CALL
      ["nil.m();", 2], // NIL, INVOKE
      ["fun f(a) {} f();", 4], // CLOSURE, DEFINE_GLOBAL, GET_GLOBAL, CALL
    ];
    for (const [source, steps] of cases) {
      const ran = runOnce(source, false);
      assert.equal(ran.step.type, "error", `${source} should fail`);
      assert.equal(
        ran.fiber.steps,
        steps,
        `${source} runs ${steps} instructions, the failing one included`,
      );
    }
  },
);

// ---------------------------------------------------------------------------
// Task 4: calls and returns

Deno.test(
  "vm: a call's result takes the place of the callee and its arguments",
  timeLimit,
  () => {
    // If the callee's slots stayed on the stack, the + would add the wrong values.
    assert.equal(
      printed(
        "var a = 1; fun f(x) { var y = x * 2; var z = y; return z; } print a + f(2) + a; print f(f(1));",
      ),
      "6\n4\n",
    );
  },
);

Deno.test(
  "vm: a function that ends without return returns nil",
  timeLimit,
  () => {
    assert.equal(
      printed("fun f() { 1 + 2; } print f(); fun g() { return; } print g();"),
      "nil\nnil\n",
    );
  },
);

Deno.test(
  "vm: recursive calls keep each call's locals apart",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "fun fib(n) { if (n < 2) return n; var a = fib(n - 1); var b = fib(n - 2); return a + b; } print fib(15);",
      ),
      "610\n",
    );
  },
);

Deno.test(
  "vm: a call with the wrong number of arguments is a runtime error",
  timeLimit,
  () => {
    assert.deepEqual(runtimeError("fun f(a, b) {}\nf(1);"), [
      "Expected 2 arguments but got 1.",
      ["[line 2] in script"],
    ]);
    assert.equal(
      message("fun f(a) {} f(1, 2);"),
      "Expected 1 arguments but got 2.",
    );
  },
);

Deno.test("vm: only functions and classes can be called", timeLimit, () => {
  for (const source of ["1();", '"f"();', "nil();", "class C {} C()();"]) {
    assert.equal(
      message(source),
      "Can only call functions and classes.",
      source,
    );
  }
});

Deno.test(
  "vm: the 64th frame is allowed, the 65th overflows the stack",
  timeLimit,
  () => {
    // The script is frame 1, so depth(63) runs 63 more frames: 64 in all.
    const depth = "fun depth(n) { if (n > 1) depth(n - 1); }\n";
    assert.equal(printed(depth + 'depth(63); print "ok";'), "ok\n");
    const [msg, trace] = runtimeError(depth + "depth(64);");
    assert.equal(msg, "Stack overflow.");
    assert.equal(trace.length, 64);
    assert.equal(trace[0], "[line 1] in depth()");
    assert.equal(trace[63], "[line 2] in script");
  },
);

Deno.test("vm: a class without init takes no arguments", timeLimit, () => {
  assert.equal(printed("class C {} print C();"), "C instance\n");
  assert.equal(message("class C {} C(1);"), "Expected 0 arguments but got 1.");
});

Deno.test(
  "vm: a function's parameters and locals are its frame's slots 1, 2, ...",
  timeLimit,
  () => {
    // Slot 0 of every frame holds the callee; a base off by one reads the wrong one.
    assert.equal(
      printed(
        "fun f(a, b) { var c = a - b; var d = c * 10; return d + a; } print 100 + f(5, 3);",
      ),
      "125\n",
    );
  },
);

Deno.test(
  "vm: a runtime error's trace has a line for each frame, innermost first",
  timeLimit,
  () => {
    assert.deepEqual(
      runtimeError("fun a() { b(); }\nfun b() {\n  -nil;\n}\na();"),
      ["Operand must be a number.", [
        "[line 3] in b()",
        "[line 1] in a()",
        "[line 5] in script",
      ]],
    );
  },
);

Deno.test(
  "vm: the trace names the line of the instruction that ran, not of the next one",
  timeLimit,
  () => {
    // The call's last byte is on line 2, the POP after it on line 3; the GET_GLOBAL
    // of `nope` is on line 2 of f, the PRINT after it on line 3.
    assert.deepEqual(
      runtimeError("fun f() {\n  print nope\n  ;\n}\nf(\n)\n;"),
      ["Undefined variable 'nope'.", ["[line 2] in f()", "[line 6] in script"]],
    );
  },
);

// ---------------------------------------------------------------------------
// Task 5: closures

Deno.test(
  "vm: closures share a captured variable, and keep it after its scope",
  timeLimit,
  () => {
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
  `;
    assert.equal(printed(source), "before\nafter\n");
  },
);

Deno.test(
  "vm: a closure's assignment is seen by the function that declared the variable",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "fun f() { var x = 1; fun set() { x = 2; } set(); print x; } f();",
      ),
      "2\n",
    );
  },
);

Deno.test(
  "vm: two closures of one variable share one upvalue, also after it is closed",
  timeLimit,
  () => {
    // If each capture made its own upvalue, each would get its own copy on return.
    assert.equal(
      printed(
        "var inc; var get; fun make() { var n = 0; fun i() { n = n + 1; } fun g() { return n; } inc = i; get = g; } make(); inc(); inc(); print get();",
      ),
      "2\n",
    );
  },
);

Deno.test(
  "vm: returning from a function closes its captured variables",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "fun counter() { var n = 0; fun inc() { n = n + 1; return n; } return inc; } var c = counter(); var d = counter(); print c(); print c(); print d(); print c();",
      ),
      "1\n2\n1\n3\n",
    );
  },
);

Deno.test(
  "vm: leaving a block closes the variables captured in it",
  timeLimit,
  () => {
    // The second block writes over the stack slots a and b had.
    const source = `
    var fa; var fb;
    {
      var a = "a"; var b = "b";
      fun getB() { return b; }
      fun getA() { return a; }
      fa = getA; fb = getB;
    }
    { var w = "w"; var x = "x"; var y = "y"; var z = "z"; }
    print fa(); print fb();
  `;
    assert.equal(printed(source), "a\nb\n");
  },
);

Deno.test(
  "vm: open upvalues stay in slot order, so a block's end closes its own even if an outer one was captured later",
  timeLimit,
  () => {
    // b (inner block) is captured before a (outer block). When the inner block
    // ends, b must be closed although a, lower on the stack, is still open;
    // then c takes b's old slot.
    const source = `
    var fa; var fb;
    {
      var a = "a";
      {
        var b = "b";
        fun getB() { return b; }
        fun getA() { return a; }
        fa = getA; fb = getB;
      }
      var c = "c";
      print fb();
    }
    print fa(); print fb();
  `;
    assert.equal(printed(source), "b\na\nb\n");
  },
);

Deno.test(
  "vm: each loop-body closure captures that iteration's variable",
  timeLimit,
  () => {
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
  },
);

Deno.test(
  "vm: a variable two functions out reaches the innermost closure",
  timeLimit,
  () => {
    assert.equal(
      printed(
        'fun outer() { var x = "outer"; fun middle() { fun inner() { return x; } return inner; } return middle(); } print outer()();',
      ),
      "outer\n",
    );
  },
);

// ---------------------------------------------------------------------------
// Task 6: fields and methods

Deno.test("vm: fields are set on an instance and read back", timeLimit, () => {
  assert.equal(
    printed(
      "class C {} var a = C(); var b = C(); a.x = 1; b.x = 2; print a.x = a.x + 10; print a.x; print b.x;",
    ),
    "11\n11\n2\n",
  );
});

Deno.test(
  "vm: a method is invoked with this and its arguments",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "class C { init(n) { this.n = n; } add(a, b) { return this.n * 100 + a * 10 + b; } } print C(1).add(2, 3);",
      ),
      "123\n",
    );
    assert.equal(
      message("class C { m(a) {} }\nC().m();"),
      "Expected 1 arguments but got 0.",
    );
  },
);

Deno.test("vm: a field shadows a method of the same name", timeLimit, () => {
  assert.equal(
    printed(
      'class C { name() { return "method"; } } fun f() { return "field"; } var c = C(); print c.name(); c.name = f; print c.name(); var n = c.name; print n();',
    ),
    "method\nfield\nfield\n",
  );
});

Deno.test(
  "vm: super calls and inherited methods reach the superclass's code",
  timeLimit,
  () => {
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
  `;
    assert.equal(printed(source), "B/AbB/Ab\nAb\n");
  },
);

Deno.test(
  "vm: calling init directly runs it again and returns the instance",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "class A { init(n) { this.n = n; } } var a = A(1); print a.init(2) == a; print a.n;",
      ),
      "true\n2\n",
    );
  },
);

Deno.test(
  "vm: properties of anything but an instance are runtime errors",
  timeLimit,
  () => {
    assert.equal(message("1.x;"), "Only instances have properties.");
    assert.equal(message('"s".x = 2;'), "Only instances have fields.");
    assert.equal(message("nil.x();"), "Only instances have methods.");
  },
);

Deno.test(
  "vm: a missing property or method is a runtime error that names it",
  timeLimit,
  () => {
    assert.equal(message("class C {} C().x;"), "Undefined property 'x'.");
    assert.equal(message("class C {} C().m();"), "Undefined property 'm'.");
    assert.equal(
      message("class A {} class B < A { m() { return super.m(); } } B().m();"),
      "Undefined property 'm'.",
    );
  },
);

Deno.test(
  "vm: inheriting from anything but a class is a runtime error",
  timeLimit,
  () => {
    assert.equal(
      message("var A = 1; class B < A {}"),
      "Superclass must be a class.",
    );
  },
);

Deno.test(
  "vm: calling a class makes an instance and runs init with the arguments",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "class P { init(x, y) { this.x = x; this.y = y; } } var p = P(1, 2); print p.x * 10 + p.y; print p;",
      ),
      "12\nP instance\n",
    );
    assert.equal(
      message("class P { init(x) {} }\nP();"),
      "Expected 1 arguments but got 0.",
    );
  },
);

Deno.test(
  "vm: a method read off an instance remembers it as this",
  timeLimit,
  () => {
    assert.equal(
      printed(
        'class C { init(n) { this.n = n; } get() { return this.n; } } var m = C("first").get; var o = C("second"); print m(); print o.get();',
      ),
      "first\nsecond\n",
    );
  },
);

Deno.test(
  "vm: method calls, bound or invoked, overflow at the same depth",
  timeLimit,
  () => {
    const klass = "class C { d(n) { if (n > 1) this.d(n - 1); } }\n";
    assert.equal(printed(klass + 'C().d(63); print "ok";'), "ok\n");
    assert.equal(message(klass + "C().d(64);"), "Stack overflow.");
    const bound = "var m = C().d;\n";
    assert.equal(printed(klass + bound + 'm(63); print "ok";'), "ok\n");
    assert.equal(message(klass + bound + "m(64);"), "Stack overflow.");
  },
);

// ---------------------------------------------------------------------------
// Task 7: natives

function withNatives(extra: Record<string, NativeDef>): Map<string, NativeDef> {
  const natives = new Map(standardNatives(() => 1.5));
  for (const [name, def] of Object.entries(extra)) natives.set(name, def);
  return natives;
}

const addNative: NativeDef = {
  arity: 2,
  fn: (args: Value[]) => {
    const [a, b] = args;
    if (typeof a !== "number" || typeof b !== "number") {
      throw new LoxRuntimeError("add wants numbers.");
    }
    return a * 10 + b;
  },
};

Deno.test(
  "vm: a native gets its arguments in order and its result is the call's value",
  timeLimit,
  () => {
    const natives = withNatives({ add: addNative });
    assert.equal(
      printed("var one = 1; print add(one, 2) + one; print clock();", natives),
      "13\n1.5\n",
    );
  },
);

Deno.test(
  "vm: a native's LoxRuntimeError is the script's runtime error, with a trace",
  timeLimit,
  () => {
    const natives = withNatives({ add: addNative });
    const { step } = run("fun f() {\n  return add(1, nil);\n}\nf();", natives);
    assert.equal(step.type, "error");
    if (step.type !== "error") return;
    assert.deepEqual([step.error.message, step.error.trace], [
      "add wants numbers.",
      ["[line 2] in f()", "[line 4] in script"],
    ]);
  },
);

Deno.test("vm: a native's arity is checked, unless it is -1", timeLimit, () => {
  const natives = withNatives({
    add: addNative,
    count: { arity: -1, fn: (args) => args.length },
  });
  const wrong = run("add(1);", natives).step;
  assert.equal(
    wrong.type === "error" && wrong.error.message,
    "Expected 2 arguments but got 1.",
  );
  assert.equal(
    printed("print count(); print count(1, 2, 3);", natives),
    "0\n3\n",
  );
});

Deno.test(
  "vm: a native the host does not provide is a runtime error, not a crash",
  timeLimit,
  () => {
    const { program, fiber, output } = start("print 1; gone();", {
      natives: withNatives({ gone: { arity: 0, fn: () => null } }),
    });
    // The program's globals name the native; this host's table does not have it.
    const host = { ...program, natives: standardNatives(() => 0) };
    const step = runFiber(host, fiber, ENOUGH);
    assert.deepEqual(output, ["1\n"]);
    assert.equal(
      step.type === "error" && step.error.message,
      "Native 'gone' is not available here.",
    );
  },
);

Deno.test(
  "vm: a native that suspends stops the fiber with wait, and resumeFiber gives the call its value",
  timeLimit,
  () => {
    const future: Future<Value> = { poll: () => ({ ready: false }) };
    const natives = withNatives({
      later: { arity: 1, fn: () => new Suspend(future) },
    });
    for (const optimize of [false, true]) {
      const { program, fiber, output } = start(
        "var a = 1; fun f() { var b = 10; return b + later(a); } print a + f();",
        { optimize, natives },
      );
      const first = runFiber(program, fiber, ENOUGH);
      assert.equal(first.type, "wait", `optimize: ${optimize}`);
      assert.equal(first.type === "wait" && first.future, future);
      assert.deepEqual(output, [], "nothing printed before the wait");
      resumeFiber(fiber, 100);
      assert.deepEqual(runFiber(program, fiber, ENOUGH), {
        type: "done",
        value: null,
      });
      assert.deepEqual(output, ["111\n"], "1 + (10 + 100)");
    }
  },
);

Deno.test("vm: a wait counts the instructions run before it", timeLimit, () => {
  const future: Future<Value> = { poll: () => ({ ready: false }) };
  const natives = withNatives({
    later: { arity: 0, fn: () => new Suspend(future) },
  });
  // GET_GLOBAL later, CALL (waits): 2 instructions.
  const { program, fiber } = start("later();", { natives });
  assert.equal(runFiber(program, fiber, ENOUGH).type, "wait");
  assert.equal(fiber.steps, 2);
});

Deno.test(
  "vm: a field holding a class or a native can be invoked",
  timeLimit,
  () => {
    assert.equal(
      printed(
        "class K {} class C {} var c = C(); c.k = K; c.t = clock; print c.k(); print c.t();",
      ),
      "K instance\n0\n",
    );
  },
);

// ---------------------------------------------------------------------------
// All of it: these need every task done

Deno.test(
  "vm: running in slices gives the same output as one run",
  timeLimit,
  () => {
    const source =
      "fun fib(n) { if (n < 2) return n; return fib(n - 2) + fib(n - 1); } for (var i = 0; i < 12; i = i + 1) print fib(i);";
    const whole = runOnce(source, true);
    const sliced = start(source, { optimize: true });
    let slices = 0;
    let step: Step;
    do {
      step = runFiber(sliced.program, sliced.fiber, 7);
      slices++;
    } while (step.type === "budget" && slices < ENOUGH);
    assert.equal(step.type, "done");
    assert.equal(sliced.output.join(""), whole.out);
    assert.equal(sliced.fiber.steps, whole.fiber.steps);
    assert.equal(slices, Math.ceil((whole.fiber.steps + 1) / 7));
  },
);

Deno.test(
  "vm: a budget of one instruction at a time changes nothing a program does",
  timeLimit,
  () => {
    const source = `
    class Counter {
      init() { this.n = 0; }
      add(k) { this.n = this.n + k; return this; }
    }
    fun adder(k) { fun add(c) { return c.add(k); } return add; }
    var c = Counter();
    var by2 = adder(2);
    for (var i = 0; i < 5; i = i + 1) { by2(c); print c.n + i * 100; }
  `;
    for (const optimize of [false, true]) {
      const whole = runOnce(source, optimize);
      const stepped = start(source, { optimize });
      let step: Step;
      let runs = 0;
      do {
        step = runFiber(stepped.program, stepped.fiber, 1);
        runs++;
      } while (step.type === "budget" && runs < ENOUGH);
      assert.equal(step.type, "done");
      assert.equal(stepped.output.join(""), whole.out, `optimize: ${optimize}`);
    }
  },
);

Deno.test(
  "vm: a fiber copied with structuredClone carries on where it stopped",
  timeLimit,
  () => {
    const source = `
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
    for (let runs = 0; runs < ENOUGH; runs++) {
      const step = runFiber(program, fiber, 5);
      if (step.type === "done") break;
      assert.equal(step.type, "budget");
      const copy = structuredClone({ globals: program.globals, fiber });
      program = { ...program, globals: copy.globals };
      fiber = copy.fiber;
    }
    assert.equal(s.output.join(""), expected);
  },
);

Deno.test(
  "vm: every instruction of the table runs, with the loop's numbers",
  timeLimit,
  () => {
    assert.deepEqual(
      { ...VM_OP_NUMBERS },
      { ...Op },
      "VmOp and opcodes.ts agree",
    );
    const source = `
    var g = 1; g = 2; print g = 3;
    fun outer() {
      var x = 1;
      fun inner() { x = x + 1; return x; }
      return inner;
    }
    var f = outer(); f(); print f();
    class A { init(v) { this.v = v; } m(k) { return this.v + k; } }
    class B < A {
      m(k) { var s = super.m; return super.m(k) + s(k); }
      set(v) { this.v = v; print this.v = v; }
    }
    var b = B(1);
    b.v = 2;
    print b.m(3) - 1 * 2 / 2;
    b.set(5);
    print b.v;
    for (var i = 0; i < 2; i = i + 1) {
      var l = i + 1;
      l = l - 1;
      print l = l + 0;
      if (i > 0 and !(i == 1) or -i < 0) print "branch";
    }
    { var c = 1; fun cap() { return c; } print cap(); }
    print nil; print true; print false;
  `;
    const covered = new Set<number>();
    for (const optimize of [false, true]) {
      const functions: LoxFunction[] = [compiled(source, optimize)];
      for (let fn = functions.pop(); fn !== undefined; fn = functions.pop()) {
        const chunk = {
          code: Array.from(fn.chunk.code),
          lines: Array.from(fn.chunk.lines),
          constants: [...fn.chunk.constants],
        };
        for (const offset of instructionOffsets(chunk)) {
          covered.add(chunk.code[offset]);
        }
        for (const constant of fn.chunk.constants) {
          if (typeof constant === "object" && constant?.kind === "function") {
            functions.push(constant);
          }
        }
      }
    }
    assert.deepEqual(
      Object.values(Op).filter((op) => !covered.has(op)),
      [],
      "the program uses every opcode",
    );
    assert.equal(
      printed(source),
      "3\n3\n9\n5\n5\n0\n1\nbranch\n1\nnil\ntrue\nfalse\n",
    );
  },
);

Deno.test(
  "vm: superinstructions take the book's way when an operand is not a number or not a field",
  timeLimit,
  () => {
    // Each of these fuses into a superinstruction when optimised; printed() runs
    // both ways and checks they agree.
    assert.equal(
      printed(
        'fun f(s) { return s + "!"; } print f("hi"); fun g(o) { var m = o.m; return m(); } class C { m() { return "method"; } } print g(C());',
      ),
      "hi!\nmethod\n",
    );
    for (
      const [source, expected] of [
        ['fun f(s) { return s - 1; } f("x");', "Operands must be numbers."],
        ['fun f(s) { return s < 1; } f("x");', "Operands must be numbers."],
        ['fun f(s) { return s > 1; } f("x");', "Operands must be numbers."],
        [
          "fun f(n) { return n + nil; } f(1);",
          "Operands must be two numbers or two strings.",
        ],
        ["fun f(x) { return x.y; } f(1);", "Only instances have properties."],
        ["fun f(x) { x.y = 1; } f(1);", "Only instances have fields."],
        [
          "class C {} fun f(x) { return x.y; } f(C());",
          "Undefined property 'y'.",
        ],
      ]
    ) {
      assert.equal(message(source), expected, source);
    }
  },
);

Deno.test("vm: objects print as clox prints them", timeLimit, () => {
  assert.equal(
    printed(
      "fun f() {} class C { m() {} } print f; print C; print C(); print C().m; print clock;",
    ),
    "<fn f>\nC\nC instance\n<fn m>\n<native fn>\n",
  );
});
