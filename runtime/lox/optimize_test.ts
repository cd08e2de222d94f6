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

Deno.test("optimize: fuses local-constant arithmetic and conditional jumps", () => {
  assert.deepEqual(
    opcodes("{ var i = 0; while (i < 3) i = i + 1; }"),
    [
      Op.CONSTANT,
      Op.GET_LOCAL_CONSTANT_LESS,
      Op.JUMP_IF_FALSE_POP,
      Op.GET_LOCAL_CONSTANT_ADD,
      Op.SET_LOCAL,
      Op.POP,
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
  ];
  for (const source of programs) {
    const [plain, optimized] = await both(source);
    assert.equal(optimized, plain, source);
  }
});
