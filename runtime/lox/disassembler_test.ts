import assert from "node:assert/strict";
import { compile } from "./compiler.ts";
import { disassemble } from "./disassembler.ts";
import type { LoxFunction } from "./value.ts";

/** clox's own code: the listings below are the book's, without superinstructions. */
function compiled(source: string, optimize = false): LoxFunction {
  const result = compile(source, { optimize });
  if ("errors" in result) {
    throw new Error(result.errors.map((e) => e.report).join("\n"));
  }
  return result.fn;
}

Deno.test("disassembler: clox's listing of a script", () => {
  // The implicit return belongs to the end of file, on line 3 after the newline.
  const listing = disassemble(compiled('var a = 1.5;\nprint -a + "x";\n'));
  assert.equal(
    listing,
    [
      "== <script> ==",
      "0000    1 OP_CONSTANT         1 '1.5'",
      "0002    | OP_DEFINE_GLOBAL    0 'a'",
      "0004    2 OP_GET_GLOBAL       2 'a'",
      "0006    | OP_NEGATE",
      "0007    | OP_CONSTANT         3 'x'",
      "0009    | OP_ADD",
      "0010    | OP_PRINT",
      "0011    3 OP_NIL",
      "0012    | OP_RETURN",
      "",
    ].join("\n"),
  );
});

Deno.test("disassembler: jumps show their target, closures their captures", () => {
  const source = [
    "fun make() {",
    "  var n = 0;",
    "  fun get() { return n; }",
    "  while (n < 2) n = n + 1;",
    "  return get;",
    "}",
  ].join("\n");
  assert.equal(
    disassemble(compiled(source)),
    [
      "== get ==",
      "0000    3 OP_GET_UPVALUE      0",
      "0002    | OP_RETURN",
      "0003    | OP_NIL",
      "0004    | OP_RETURN",
      "== make ==",
      "0000    2 OP_CONSTANT         0 '0'",
      "0002    3 OP_CLOSURE          1 <fn get>",
      "0004      |                     local 1",
      "0006    4 OP_GET_LOCAL        1",
      "0008    | OP_CONSTANT         2 '2'",
      "0010    | OP_LESS",
      "0011    | OP_JUMP_IF_FALSE   11 -> 26",
      "0014    | OP_POP",
      "0015    | OP_GET_LOCAL        1",
      "0017    | OP_CONSTANT         3 '1'",
      "0019    | OP_ADD",
      "0020    | OP_SET_LOCAL        1",
      "0022    | OP_POP",
      "0023    | OP_LOOP            23 -> 6",
      "0026    | OP_POP",
      "0027    5 OP_GET_LOCAL        2",
      "0029    | OP_RETURN",
      "0030    6 OP_NIL",
      "0031    | OP_RETURN",
      "== <script> ==",
      "0000    6 OP_CLOSURE          1 <fn make>",
      "0002    | OP_DEFINE_GLOBAL    0 'make'",
      "0004    | OP_NIL",
      "0005    | OP_RETURN",
      "",
    ].join("\n"),
  );
});

Deno.test("disassembler: invoke instructions show their argument count", () => {
  const listing = disassemble(compiled("a.b(1, 2);"));
  assert.match(listing, /OP_INVOKE +\(2 args\) +1 'b'/);
});

Deno.test("disassembler: superinstructions list with their operands and targets", () => {
  const source = "fun f(n) {\n  if (n < 2) return n;\n  return n - 1;\n}";
  const listing = disassemble(compiled(source, true));
  assert.equal(
    listing.split("== <script> ==")[0],
    [
      "== f ==",
      "0000    2 OP_GET_LOCAL_CONSTANT_LESS    1    0 '2'",
      "0005    | OP_JUMP_IF_FALSE_POP    5 -> 16",
      "0009    | OP_GET_LOCAL        1",
      "0011    | OP_RETURN",
      "0012    | OP_JUMP            12 -> 16",
      "0015    | OP_POP", // dead now: the fused jump lands after it
      "0016    3 OP_GET_LOCAL_CONSTANT_SUBTRACT    1    1 '1'",
      "0021    | OP_RETURN",
      "0022    4 OP_NIL",
      "0023    | OP_RETURN",
      "",
    ].join("\n"),
  );
});
