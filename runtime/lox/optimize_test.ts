import assert from "node:assert/strict";
import { compile } from "./compiler.ts";
import { Op } from "./opcodes.ts";
import { instructionOffsets } from "./optimize.ts";
import { runLox } from "./interpret.ts";

async function both(source: string): Promise<string[]> {
  const results: string[] = [];
  for (const optimize of [false, true]) {
    let text = "";
    const io = {
      stdout: (t: string) => text += t,
      stderr: (t: string) => text += "ERR " + t,
    };
    const code = await runLox(source, io, { optimize });
    results.push(`${code}\n${text}`);
  }
  return results;
}

function opcodes(source: string): number[] {
  const result = compile(source);
  if ("errors" in result) throw new Error("does not compile");
  const chunk = result.fn.chunk;
  const writer = {
    code: [...chunk.code],
    lines: [...chunk.lines],
    constants: [...chunk.constants],
  };
  return instructionOffsets(writer).map((offset) => chunk.code[offset]);
}

Deno.test("optimize: fuses local-constant arithmetic, jumps and assignments", () => {
  assert.deepEqual(
    opcodes("{ var i = 0; while (i < 3) i = i + 1; }"),
    [
      Op.CONSTANT,
      Op.GET_LOCAL_CONSTANT_LESS,
      Op.JUMP_IF_FALSE_POP,
      Op.GET_LOCAL_CONSTANT_ADD,
      Op.SET_LOCAL_POP,
      Op.LOOP,
      Op.POP,
      Op.POP,
      Op.NIL,
      Op.RETURN,
    ],
  );
});

Deno.test("optimize: leaves a sequence alone when a jump lands inside it", () => {
  // GET_LOCAL b; CONSTANT 1; ADD looks fusable, but `and` jumps straight to the
  // CONSTANT when `a` is false, so fusing would skip it on that path.
  const ops = opcodes("{ var a = 1; var b = 2; print (a and b) + 1; }");
  assert.ok(!ops.includes(Op.GET_LOCAL_CONSTANT_ADD));
});

Deno.test("optimize: the same output, errors and lines with and without", async () => {
  const programs = [
    'fun f(s) { return s + "!"; } print f("hi"); print f(1);',
    '{ var s = "a"; print s + "b"; print s < 1; }',
    "{ var n = nil;\nprint n -\n 1; }",
    "for (var i = 0; i < 3; i = i + 1) { if (i > 1) print i; else print -i; }",
    "{ var a = false; print a and 1; print a or 2; if (a) print 1; else print 2; }",
    "fun fib(n) { if (n < 2) return n; return fib(n - 2) + fib(n - 1); } print fib(15);",
    "class A {} var a = A(); a.x = 1; print a.x;\nfun f() { var o = a; return o.y; }\nprint f();",
    "{ var n = 1;\n n.x = 2; }",
    "{ var o = nil;\n print o.x; }",
    "fun g() { undefinedVar = 1; }\ng();",
    'class B { init() { this.v = "v"; } m() { return this.v; } n() { var f = this.m; return f(); } } print B().n();',
  ];
  for (const source of programs) {
    const [plain, optimized] = await both(source);
    assert.equal(optimized, plain, source);
  }
});

Deno.test("optimize: `this.x` reads and property assignments fuse", () => {
  const result = compile("class P { m() { this.x = this.y; } }");
  if ("errors" in result) throw new Error("does not compile");
  const method = result.fn.chunk.constants.find((c) =>
    c !== null && typeof c === "object" && c.kind === "function"
  );
  if (
    method === undefined || method === null || typeof method !== "object" ||
    method.kind !== "function"
  ) {
    throw new Error("no method");
  }
  // GET_LOCAL 0 (this, the receiver) at 0; GET_LOCAL 0 + GET_PROPERTY y at 2;
  // SET_PROPERTY x + POP at 6.
  const code = method.chunk.code;
  assert.deepEqual(
    [code[0], code[2], code[6]],
    [Op.GET_LOCAL, Op.GET_LOCAL_GET_PROPERTY, Op.SET_PROPERTY_POP],
  );
});
