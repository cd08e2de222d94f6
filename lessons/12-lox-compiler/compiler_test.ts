import assert from "node:assert/strict";
import { compile } from "./compiler.ts";
import { disassembleInstruction } from "./disassembler.ts";
import type { LoxFunction, Value } from "./value.ts";

// Most tests compile a small program with the book's instructions only (no
// superinstructions) and compare its listing with what clox's compiler emits.

/** Every error `source` gives, as clox reports them; none when it compiles. */
function errors(source: string): string[] {
  const result = compile(source);
  return "errors" in result ? result.errors.map((e) => e.report) : [];
}

/** Compile `source` that must compile, with the book's instructions only. */
function script(source: string): LoxFunction {
  const result = compile(source, { optimize: false });
  if ("errors" in result) {
    const reports = result.errors.map((e) => e.report).join("\n");
    throw new Error(`expected ${show(source)} to compile, got:\n${reports}`);
  }
  return result.fn;
}

function isFunction(value: Value): value is LoxFunction {
  return value !== null && typeof value === "object" &&
    value.kind === "function";
}

/** The function named `name` compiled inside `fn` (or `fn` itself), depth first. */
function find(fn: LoxFunction, name: string | null): LoxFunction | undefined {
  if (fn.name === name) return fn;
  for (const constant of fn.chunk.constants) {
    const found = isFunction(constant) ? find(constant, name) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The function named `name` (null: the script) of `source`, which must compile. */
function compiled(source: string, name: string | null): LoxFunction {
  const fn = find(script(source), name);
  if (fn === undefined) {
    throw new Error(`no function named ${name} in ${show(source)}`);
  }
  return fn;
}

/**
 * One function's code, an instruction a line: offset, opcode, operands (jumps show
 * their target offset), without the source-line column.
 */
function listing(source: string, name: string | null = null): string[] {
  const { chunk } = compiled(source, name);
  const lines: string[] = [];
  for (let offset = 0; offset < chunk.code.length;) {
    const [text, next] = disassembleInstruction(chunk, offset);
    for (const line of text.split("\n")) {
      lines.push(
        `${line.slice(0, 4)} ${line.slice(10)}`.replace(/ +/g, " ").trim(),
      );
    }
    offset = next;
  }
  return lines;
}

/** Each instruction of one function as `line OPCODE`: the line a trace would show. */
function lined(source: string, name: string | null = null): string[] {
  const { chunk } = compiled(source, name);
  const lines: string[] = [];
  for (let offset = 0; offset < chunk.code.length;) {
    const [text, next] = disassembleInstruction(chunk, offset);
    const opcode = text.split("\n")[0].slice(10).split(" ")[0];
    lines.push(`${chunk.lines[offset]} ${opcode}`);
    offset = next;
  }
  return lines;
}

function show(source: string): string {
  return source.includes("\n") ? `\n${source}\n` : `\`${source}\``;
}

/** Compare a listing, showing both in full when they differ. */
function assertCode(
  source: string,
  expected: string[],
  name: string | null = null,
  view: (source: string, name: string | null) => string[] = listing,
): void {
  const actual = view(source, name);
  if (actual.join("\n") === expected.join("\n")) return;
  const what = name === null ? "the script" : `function ${name}`;
  throw new assert.AssertionError({
    message: `compiling ${show(source)} — ${what} should be:\n  ${
      expected.join("\n  ")
    }\nbut was:\n  ${actual.join("\n  ")}`,
    actual,
    expected,
  });
}

// ---- The pipeline ----

Deno.test("compiler: parse and resolver errors come back merged in source order", () => {
  assert.deepEqual(errors("print 1\nreturn 2;\nprint ;"), [
    "[line 2] Error at 'return': Expect ';' after value.",
    "[line 2] Error at 'return': Can't return from top-level code.",
    "[line 3] Error at ';': Expect expression.",
  ]);
});

Deno.test("compiler: absurd nesting is a compile error, not a crash", () => {
  const deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
  assert.deepEqual(errors(`print ${deep};`), [
    "[line 1] Error at end: Program nested too deeply.",
  ]);
});

// ---- Variables ----

Deno.test("compiler: a global's name constant comes before its initializer's", () => {
  assertCode("var a = 1;", [
    "0000 OP_CONSTANT 1 '1'",
    "0002 OP_DEFINE_GLOBAL 0 'a'",
    "0004 OP_NIL",
    "0005 OP_RETURN",
  ]);
});

Deno.test("compiler: a variable declared without a value starts as nil", () => {
  assertCode("var a;", [
    "0000 OP_NIL",
    "0001 OP_DEFINE_GLOBAL 0 'a'",
    "0003 OP_NIL",
    "0004 OP_RETURN",
  ]);
});

Deno.test("compiler: an assignment leaves its value on the stack, so a = b = 2 chains", () => {
  assertCode("var a; var b; a = b = 2;", [
    "0000 OP_NIL",
    "0001 OP_DEFINE_GLOBAL 0 'a'",
    "0003 OP_NIL",
    "0004 OP_DEFINE_GLOBAL 1 'b'",
    "0006 OP_CONSTANT 4 '2'",
    "0008 OP_SET_GLOBAL 3 'b'",
    "0010 OP_SET_GLOBAL 2 'a'",
    "0012 OP_POP",
    "0013 OP_NIL",
    "0014 OP_RETURN",
  ]);
});

Deno.test("compiler: a local is its stack slot: no instruction defines it, slot 0 is reserved", () => {
  assertCode("{ var a = 1; var b = 2; print b; b = a; }", [
    "0000 OP_CONSTANT 0 '1'",
    "0002 OP_CONSTANT 1 '2'",
    "0004 OP_GET_LOCAL 2",
    "0006 OP_PRINT",
    "0007 OP_GET_LOCAL 1",
    "0009 OP_SET_LOCAL 2",
    "0011 OP_POP",
    "0012 OP_POP",
    "0013 OP_POP",
    "0014 OP_NIL",
    "0015 OP_RETURN",
  ]);
});

Deno.test("compiler: a scope's end pops its locals, and closes the captured ones, last declared first", () => {
  assertCode("{ var a = 1; var b = 2; fun f() { print a; } }", [
    "0000 OP_CONSTANT 0 '1'",
    "0002 OP_CONSTANT 1 '2'",
    "0004 OP_CLOSURE 2 <fn f>",
    "0006 | local 1",
    "0008 OP_POP",
    "0009 OP_POP",
    "0010 OP_CLOSE_UPVALUE",
    "0011 OP_NIL",
    "0012 OP_RETURN",
  ]);
});

Deno.test("compiler: a nested block ends only its own locals", () => {
  assertCode("{ var a; { var b; var c; } print a; }", [
    "0000 OP_NIL",
    "0001 OP_NIL",
    "0002 OP_NIL",
    "0003 OP_POP",
    "0004 OP_POP",
    "0005 OP_GET_LOCAL 1",
    "0007 OP_PRINT",
    "0008 OP_POP",
    "0009 OP_NIL",
    "0010 OP_RETURN",
  ]);
});

Deno.test("compiler: a captured variable is read and written through its upvalue index", () => {
  assertCode(
    // As in clox, the target `y` is looked up before the value `x`: upvalue 0 is y.
    "fun outer() { var x = 1; var y = 2; fun inner() { y = x; } }",
    [
      "0000 OP_GET_UPVALUE 1",
      "0002 OP_SET_UPVALUE 0",
      "0004 OP_POP",
      "0005 OP_NIL",
      "0006 OP_RETURN",
    ],
    "inner",
  );
});

// ---- Control flow ----

Deno.test("compiler: if/else jumps over the branch not taken, and pops the condition on both paths", () => {
  assertCode("if (true) print 1; else print 2;", [
    "0000 OP_TRUE",
    "0001 OP_JUMP_IF_FALSE 1 -> 11",
    "0004 OP_POP",
    "0005 OP_CONSTANT 0 '1'",
    "0007 OP_PRINT",
    "0008 OP_JUMP 8 -> 15",
    "0011 OP_POP",
    "0012 OP_CONSTANT 1 '2'",
    "0014 OP_PRINT",
    "0015 OP_NIL",
    "0016 OP_RETURN",
  ]);
});

Deno.test("compiler: an if without else still jumps over the false path's POP", () => {
  assertCode("if (false) print 1;", [
    "0000 OP_FALSE",
    "0001 OP_JUMP_IF_FALSE 1 -> 11",
    "0004 OP_POP",
    "0005 OP_CONSTANT 0 '1'",
    "0007 OP_PRINT",
    "0008 OP_JUMP 8 -> 12",
    "0011 OP_POP",
    "0012 OP_NIL",
    "0013 OP_RETURN",
  ]);
});

Deno.test("compiler: a while loop jumps back to its condition, and exits to the POP after the loop", () => {
  assertCode("var i = 0; while (i < 3) i = i + 1;", [
    "0000 OP_CONSTANT 1 '0'",
    "0002 OP_DEFINE_GLOBAL 0 'i'",
    "0004 OP_GET_GLOBAL 2 'i'",
    "0006 OP_CONSTANT 3 '3'",
    "0008 OP_LESS",
    "0009 OP_JUMP_IF_FALSE 9 -> 24",
    "0012 OP_POP",
    "0013 OP_GET_GLOBAL 5 'i'",
    "0015 OP_CONSTANT 6 '1'",
    "0017 OP_ADD",
    "0018 OP_SET_GLOBAL 4 'i'",
    "0020 OP_POP",
    "0021 OP_LOOP 21 -> 4",
    "0024 OP_POP",
    "0025 OP_NIL",
    "0026 OP_RETURN",
  ]);
});

Deno.test("compiler: a for loop runs its increment after the body, and its variable is a local of the loop", () => {
  assertCode("for (var i = 0; i < 2; i = i + 1) print i;", [
    "0000 OP_CONSTANT 0 '0'",
    "0002 OP_GET_LOCAL 1",
    "0004 OP_CONSTANT 1 '2'",
    "0006 OP_LESS",
    "0007 OP_JUMP_IF_FALSE 7 -> 25",
    "0010 OP_POP",
    "0011 OP_GET_LOCAL 1",
    "0013 OP_PRINT",
    "0014 OP_GET_LOCAL 1",
    "0016 OP_CONSTANT 2 '1'",
    "0018 OP_ADD",
    "0019 OP_SET_LOCAL 1",
    "0021 OP_POP",
    "0022 OP_LOOP 22 -> 2",
    "0025 OP_POP",
    "0026 OP_POP",
    "0027 OP_NIL",
    "0028 OP_RETURN",
  ]);
});

Deno.test("compiler: a for loop with no condition has no exit jump and no POP after it", () => {
  assertCode("for (;;) print 1;", [
    "0000 OP_CONSTANT 0 '1'",
    "0002 OP_PRINT",
    "0003 OP_LOOP 3 -> 0",
    "0006 OP_NIL",
    "0007 OP_RETURN",
  ]);
});

Deno.test("compiler: `and` keeps a falsey left value and skips the right side", () => {
  assertCode("print true and false;", [
    "0000 OP_TRUE",
    "0001 OP_JUMP_IF_FALSE 1 -> 6",
    "0004 OP_POP",
    "0005 OP_FALSE",
    "0006 OP_PRINT",
    "0007 OP_NIL",
    "0008 OP_RETURN",
  ]);
});

Deno.test("compiler: `or` keeps a truthy left value and evaluates the right only when it is falsey", () => {
  assertCode("print nil or 2;", [
    "0000 OP_NIL",
    "0001 OP_JUMP_IF_FALSE 1 -> 7",
    "0004 OP_JUMP 4 -> 10",
    "0007 OP_POP",
    "0008 OP_CONSTANT 0 '2'",
    "0010 OP_PRINT",
    "0011 OP_NIL",
    "0012 OP_RETURN",
  ]);
});

Deno.test("compiler: a chain of `or`s patches every jump to its own place", () => {
  assertCode("print nil or false or 3;", [
    "0000 OP_NIL",
    "0001 OP_JUMP_IF_FALSE 1 -> 7",
    "0004 OP_JUMP 4 -> 9",
    "0007 OP_POP",
    "0008 OP_FALSE",
    "0009 OP_JUMP_IF_FALSE 9 -> 15",
    "0012 OP_JUMP 12 -> 18",
    "0015 OP_POP",
    "0016 OP_CONSTANT 0 '3'",
    "0018 OP_PRINT",
    "0019 OP_NIL",
    "0020 OP_RETURN",
  ]);
});

Deno.test("compiler: a sum of 50,000 terms compiles (left chains are walked in a loop)", () => {
  const terms = Array.from({ length: 50_000 }, () => "a").join(" + ");
  assert.deepEqual(errors(`{ var a = 1; print ${terms}; }`), []);
  const ands = Array.from({ length: 10_000 }, () => "a").join(" and ");
  assert.deepEqual(errors(`{ var a = 1; print ${ands}; }`), []);
});

Deno.test("compiler: a jump over more than 65535 bytes is an error", () => {
  // `a;` on a local is three bytes (GET_LOCAL a, POP) and needs no constant. The
  // jump also skips the POP before the body and the JUMP over the else: 4 bytes.
  const body = (n: number) => "a;".repeat(n);
  assert.deepEqual(errors(`{ var a; if (a) { ${body(21843)} } }`), []);
  assert.deepEqual(errors(`{ var a; if (a) { ${body(21844)} } }`), [
    "[line 1] Error at '}': Too much code to jump over.",
  ]);
});

Deno.test("compiler: a loop over more than 65535 bytes is an error", () => {
  // The loop jumps back over the condition (GET_LOCAL, JUMP_IF_FALSE, POP: 6 bytes),
  // the body and its own 3 bytes.
  const body = (n: number) => "a;".repeat(n);
  assert.deepEqual(errors(`{ var a; while (a) { ${body(21842)} } }`), []);
  assert.deepEqual(errors(`{ var a; while (a) { ${body(21843)} } }`), [
    "[line 1] Error at '}': Loop body too large.",
  ]);
});

Deno.test("compiler: a long jump keeps its high byte (distances are big-endian)", () => {
  // 300 statements of 3 bytes, a POP and a JUMP: the jump is 904 bytes, 0x0388.
  const body = "a;".repeat(300);
  const code = listing(`{ var a; if (a) { ${body} } }`);
  assert.equal(
    code[2],
    "0003 OP_JUMP_IF_FALSE 3 -> 910",
    `the if's jump should skip to offset 910; listing starts:\n  ${
      code.slice(0, 4).join("\n  ")
    }`,
  );
});

// ---- Functions ----

Deno.test("compiler: a function becomes a CLOSURE of its compiled code, defined like a variable", () => {
  assertCode("fun add(a, b) { return a + b; }", [
    "0000 OP_CLOSURE 1 <fn add>",
    "0002 OP_DEFINE_GLOBAL 0 'add'",
    "0004 OP_NIL",
    "0005 OP_RETURN",
  ]);
});

Deno.test("compiler: parameters are the function's first locals, from slot 1", () => {
  assertCode(
    "fun add(a, b) { return a + b; }",
    [
      "0000 OP_GET_LOCAL 1",
      "0002 OP_GET_LOCAL 2",
      "0004 OP_ADD",
      "0005 OP_RETURN",
      "0006 OP_NIL",
      "0007 OP_RETURN",
    ],
    "add",
  );
});

Deno.test("compiler: a function object knows its name, arity and how many variables it captures", () => {
  const fn = find(
    script("fun outer(p) { var x; fun f(a, b, c) { return p + x; } }"),
    "f",
  );
  assert.ok(fn, "expected a function named f among the script's constants");
  assert.deepEqual(
    { name: fn.name, arity: fn.arity, upvalueCount: fn.upvalueCount },
    { name: "f", arity: 3, upvalueCount: 2 },
  );
});

Deno.test("compiler: the script itself is a function with no name and no parameters", () => {
  const fn = script("var a = 1;");
  assert.deepEqual(
    { name: fn.name, arity: fn.arity, upvalueCount: fn.upvalueCount },
    { name: null, arity: 0, upvalueCount: 0 },
  );
});

Deno.test("compiler: a bare `return;` returns nil", () => {
  assertCode(
    "fun f() { return; }",
    ["0000 OP_NIL", "0001 OP_RETURN", "0002 OP_NIL", "0003 OP_RETURN"],
    "f",
  );
});

Deno.test("compiler: a closure lists each capture as a local of its parent or one of the parent's upvalues", () => {
  const source =
    "fun outer() { var x = 1; fun middle() { fun inner() { return x; } return inner; } return middle; }";
  assertCode(
    source,
    [
      "0000 OP_CONSTANT 0 '1'",
      "0002 OP_CLOSURE 1 <fn middle>",
      "0004 | local 1",
      "0006 OP_GET_LOCAL 2",
      "0008 OP_RETURN",
      "0009 OP_NIL",
      "0010 OP_RETURN",
    ],
    "outer",
  );
  assertCode(
    source,
    [
      "0000 OP_CLOSURE 0 <fn inner>",
      "0002 | upvalue 0",
      "0004 OP_GET_LOCAL 1",
      "0006 OP_RETURN",
      "0007 OP_NIL",
      "0008 OP_RETURN",
    ],
    "middle",
  );
});

Deno.test("compiler: a local function is a local: no DEFINE_GLOBAL, popped at the block's end", () => {
  assertCode("{ fun f() {} f(); }", [
    "0000 OP_CLOSURE 0 <fn f>",
    "0002 OP_GET_LOCAL 1",
    "0004 OP_CALL 0",
    "0006 OP_POP",
    "0007 OP_POP",
    "0008 OP_NIL",
    "0009 OP_RETURN",
  ]);
});

Deno.test("compiler: a call pushes the callee, then the arguments left to right, then CALL with their count", () => {
  assertCode("var f; f(1, 2);", [
    "0000 OP_NIL",
    "0001 OP_DEFINE_GLOBAL 0 'f'",
    "0003 OP_GET_GLOBAL 1 'f'",
    "0005 OP_CONSTANT 2 '1'",
    "0007 OP_CONSTANT 3 '2'",
    "0009 OP_CALL 2",
    "0011 OP_POP",
    "0012 OP_NIL",
    "0013 OP_RETURN",
  ]);
});

Deno.test("compiler: 256 constants fit in a function's chunk, the 257th does not", () => {
  const prints = (n: number) =>
    Array.from({ length: n }, (_, i) => `print ${i};`).join("\n");
  assert.deepEqual(errors(`fun f() {\n${prints(256)}\n}`), []);
  assert.deepEqual(errors(`fun f() {\n${prints(257)}\n}`), [
    "[line 258] Error at '256': Too many constants in one chunk.",
  ]);
});

Deno.test("compiler: every function has its own constants: two of 200 each compile", () => {
  const prints = Array.from({ length: 200 }, (_, i) => `print ${i};`).join(" ");
  assert.deepEqual(errors(`fun f() { ${prints} } fun g() { ${prints} }`), []);
});

// ---- Classes ----

Deno.test("compiler: a class is CLASS, then each method's closure bound to it with METHOD", () => {
  assertCode("class A { m() {} n() {} }", [
    "0000 OP_CLASS 0 'A'",
    "0002 OP_DEFINE_GLOBAL 0 'A'",
    "0004 OP_GET_GLOBAL 1 'A'",
    "0006 OP_CLOSURE 3 <fn m>",
    "0008 OP_METHOD 2 'm'",
    "0010 OP_CLOSURE 5 <fn n>",
    "0012 OP_METHOD 4 'n'",
    "0014 OP_POP",
    "0015 OP_NIL",
    "0016 OP_RETURN",
  ]);
});

Deno.test("compiler: a local class is loaded back from its slot to receive its methods", () => {
  assertCode("{ class A { m() {} } }", [
    "0000 OP_CLASS 0 'A'",
    "0002 OP_GET_LOCAL 1",
    "0004 OP_CLOSURE 2 <fn m>",
    "0006 OP_METHOD 1 'm'",
    "0008 OP_POP",
    "0009 OP_POP",
    "0010 OP_NIL",
    "0011 OP_RETURN",
  ]);
});

Deno.test("compiler: `this` is slot 0 of a method", () => {
  assertCode(
    "class A { m() { return this; } }",
    ["0000 OP_GET_LOCAL 0", "0002 OP_RETURN", "0003 OP_NIL", "0004 OP_RETURN"],
    "m",
  );
});

Deno.test("compiler: an initializer returns `this`, also from a bare `return;`", () => {
  assertCode(
    "class A { init(x) { this.x = x; return; } }",
    [
      "0000 OP_GET_LOCAL 0",
      "0002 OP_GET_LOCAL 1",
      "0004 OP_SET_PROPERTY 0 'x'",
      "0006 OP_POP",
      "0007 OP_GET_LOCAL 0",
      "0009 OP_RETURN",
      "0010 OP_GET_LOCAL 0",
      "0012 OP_RETURN",
    ],
    "init",
  );
});

Deno.test("compiler: a property assignment pushes the object, then the value, then SET_PROPERTY", () => {
  assertCode("var a; a.x = 2;", [
    "0000 OP_NIL",
    "0001 OP_DEFINE_GLOBAL 0 'a'",
    "0003 OP_GET_GLOBAL 1 'a'",
    "0005 OP_CONSTANT 3 '2'",
    "0007 OP_SET_PROPERTY 2 'x'",
    "0009 OP_POP",
    "0010 OP_NIL",
    "0011 OP_RETURN",
  ]);
});

Deno.test("compiler: a method call is one INVOKE, but a parenthesised method read is GET_PROPERTY then CALL", () => {
  assertCode("var a; a.m(1); (a.m)(1);", [
    "0000 OP_NIL",
    "0001 OP_DEFINE_GLOBAL 0 'a'",
    "0003 OP_GET_GLOBAL 1 'a'",
    "0005 OP_CONSTANT 3 '1'",
    "0007 OP_INVOKE (1 args) 2 'm'",
    "0010 OP_POP",
    "0011 OP_GET_GLOBAL 4 'a'",
    "0013 OP_GET_PROPERTY 5 'm'",
    "0015 OP_CONSTANT 6 '1'",
    "0017 OP_CALL 1",
    "0019 OP_POP",
    "0020 OP_NIL",
    "0021 OP_RETURN",
  ]);
});

Deno.test("compiler: a subclass inherits through a hidden `super` local, closed when the class ends", () => {
  assertCode("class A {} class B < A { m() { return super.m; } }", [
    "0000 OP_CLASS 0 'A'",
    "0002 OP_DEFINE_GLOBAL 0 'A'",
    "0004 OP_GET_GLOBAL 1 'A'",
    "0006 OP_POP",
    "0007 OP_CLASS 2 'B'",
    "0009 OP_DEFINE_GLOBAL 2 'B'",
    "0011 OP_GET_GLOBAL 3 'A'",
    "0013 OP_GET_GLOBAL 4 'B'",
    "0015 OP_INHERIT",
    "0016 OP_GET_GLOBAL 5 'B'",
    "0018 OP_CLOSURE 7 <fn m>",
    "0020 | local 1",
    "0022 OP_METHOD 6 'm'",
    "0024 OP_POP",
    "0025 OP_CLOSE_UPVALUE",
    "0026 OP_NIL",
    "0027 OP_RETURN",
  ]);
});

Deno.test("compiler: a subclass whose `super` no method captures pops it", () => {
  assertCode("class A {} class B < A {}", [
    "0000 OP_CLASS 0 'A'",
    "0002 OP_DEFINE_GLOBAL 0 'A'",
    "0004 OP_GET_GLOBAL 1 'A'",
    "0006 OP_POP",
    "0007 OP_CLASS 2 'B'",
    "0009 OP_DEFINE_GLOBAL 2 'B'",
    "0011 OP_GET_GLOBAL 3 'A'",
    "0013 OP_GET_GLOBAL 4 'B'",
    "0015 OP_INHERIT",
    "0016 OP_GET_GLOBAL 5 'B'",
    "0018 OP_POP",
    "0019 OP_POP",
    "0020 OP_NIL",
    "0021 OP_RETURN",
  ]);
});

Deno.test("compiler: super.m reads the method with GET_SUPER, super.m(x) calls it with SUPER_INVOKE", () => {
  assertCode(
    "class A {} class B < A { m() { super.m(1); return super.m; } }",
    [
      "0000 OP_GET_LOCAL 0",
      "0002 OP_CONSTANT 1 '1'",
      "0004 OP_GET_UPVALUE 0",
      "0006 OP_SUPER_INVOKE (1 args) 0 'm'",
      "0009 OP_POP",
      "0010 OP_GET_LOCAL 0",
      "0012 OP_GET_UPVALUE 0",
      "0014 OP_GET_SUPER 2 'm'",
      "0016 OP_RETURN",
      "0017 OP_NIL",
      "0018 OP_RETURN",
    ],
    "m",
  );
});

// ---- Lines, for runtime errors' traces ----

Deno.test("compiler: a function's implicit return is on the line of its closing brace", () => {
  assertCode(
    "fun f() {\n  print 1;\n\n}",
    ["2 OP_CONSTANT", "2 OP_PRINT", "4 OP_NIL", "4 OP_RETURN"],
    "f",
    lined,
  );
});

Deno.test("compiler: a call is on the line of its closing parenthesis, a closure on its function's last line", () => {
  assertCode(
    "fun f(a) {\n}\nf(\n1\n);",
    [
      "2 OP_CLOSURE",
      "2 OP_DEFINE_GLOBAL",
      "3 OP_GET_GLOBAL",
      "4 OP_CONSTANT",
      "5 OP_CALL",
      "5 OP_POP",
      "5 OP_NIL",
      "5 OP_RETURN",
    ],
    null,
    lined,
  );
});

Deno.test("compiler: a class's instructions carry the lines of its name, its methods and its brace", () => {
  assertCode(
    "class A\n<\nB {\n  m() {\n  }\n}",
    [
      "1 OP_CLASS",
      "1 OP_DEFINE_GLOBAL",
      "3 OP_GET_GLOBAL",
      "1 OP_GET_GLOBAL",
      "3 OP_INHERIT",
      "1 OP_GET_GLOBAL",
      "5 OP_CLOSURE",
      "5 OP_METHOD",
      "6 OP_POP",
      "6 OP_POP",
      "6 OP_NIL",
      "6 OP_RETURN",
    ],
    null,
    lined,
  );
});

Deno.test("compiler: each binary operator becomes clox's instruction, or its pair with NOT", () => {
  const ops: [string, string[]][] = [
    ["+", ["OP_ADD"]],
    ["-", ["OP_SUBTRACT"]],
    ["*", ["OP_MULTIPLY"]],
    ["/", ["OP_DIVIDE"]],
    ["==", ["OP_EQUAL"]],
    ["!=", ["OP_EQUAL", "OP_NOT"]],
    [">", ["OP_GREATER"]],
    [">=", ["OP_LESS", "OP_NOT"]],
    ["<", ["OP_LESS"]],
    ["<=", ["OP_GREATER", "OP_NOT"]],
  ];
  for (const [operator, instructions] of ops) {
    let offset = 4;
    assertCode(`print 1 ${operator} 2;`, [
      "0000 OP_CONSTANT 0 '1'",
      "0002 OP_CONSTANT 1 '2'",
      ...[...instructions, "OP_PRINT", "OP_NIL", "OP_RETURN"].map((op) =>
        `${String(offset++).padStart(4, "0")} ${op}`
      ),
    ]);
  }
});

Deno.test("compiler: unary minus negates and ! nots, after their operand", () => {
  assertCode("print -1;", [
    "0000 OP_CONSTANT 0 '1'",
    "0002 OP_NEGATE",
    "0003 OP_PRINT",
    "0004 OP_NIL",
    "0005 OP_RETURN",
  ]);
  assertCode("print !true;", [
    "0000 OP_TRUE",
    "0001 OP_NOT",
    "0002 OP_PRINT",
    "0003 OP_NIL",
    "0004 OP_RETURN",
  ]);
});
