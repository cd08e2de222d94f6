import assert from "node:assert/strict";
import { compile } from "./compiler.ts";

function errors(source: string): string[] {
  const result = compile(source);
  return "errors" in result ? result.errors.map((e) => e.report) : [];
}

Deno.test("compiler: parse and resolver errors come back merged in source order", () => {
  assert.deepEqual(errors("print 1\nreturn 2;\nprint ;"), [
    "[line 2] Error at 'return': Expect ';' after value.",
    "[line 2] Error at 'return': Can't return from top-level code.",
    "[line 3] Error at ';': Expect expression.",
  ]);
});

Deno.test("compiler: 256 constants fit in a chunk, the 257th does not", () => {
  const prints = (n: number) =>
    Array.from({ length: n }, (_, i) => `print ${i};`).join("\n");
  assert.deepEqual(errors(prints(256)), []);
  assert.deepEqual(errors(prints(257)), [
    "[line 257] Error at '256': Too many constants in one chunk.",
  ]);
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

Deno.test("compiler: absurd nesting is a compile error, not a crash", () => {
  const deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
  assert.deepEqual(errors(`print ${deep};`), [
    "[line 1] Error at end: Program nested too deeply.",
  ]);
});

Deno.test("compiler: a sum of 50,000 terms compiles (left chains are walked in a loop)", () => {
  const terms = Array.from({ length: 50_000 }, () => "a").join(" + ");
  assert.deepEqual(errors(`{ var a = 1; print ${terms}; }`), []);
  const ands = Array.from({ length: 10_000 }, () => "a").join(" and ");
  assert.deepEqual(errors(`{ var a = 1; print ${ands}; }`), []);
});
