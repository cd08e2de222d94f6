import assert from "node:assert/strict";
import { parse } from "./parser.ts";

function errors(source: string): string[] {
  return parse(source).errors.map((e) => e.report);
}

Deno.test("parser: precedence and associativity shape the tree", () => {
  const { program, errors } = parse("print 1 + 2 * 3 - 4;");
  assert.deepEqual(errors, []);
  const [stmt] = program.statements;
  assert.equal(stmt.type, "Print");
  if (stmt.type !== "Print") return;
  // ((1 + (2 * 3)) - 4)
  const e = stmt.expression;
  assert.equal(e.type, "Binary");
  if (e.type !== "Binary") return;
  assert.equal(e.operator.lexeme, "-");
  assert.equal(e.left.type === "Binary" && e.left.operator.lexeme, "+");
});

Deno.test("parser: a for loop becomes a block holding a while loop", () => {
  const { program } = parse("for (var i = 0; i < 3; i = i + 1) print i;");
  const [block] = program.statements;
  assert.equal(block.type, "Block");
  if (block.type !== "Block") return;
  assert.deepEqual(block.statements.map((s) => s.type), ["Var", "While"]);
  const loop = block.statements[1];
  assert.equal(loop.type === "While" && loop.increment?.type, "Assign");
});

Deno.test("parser: clox's messages, at the token or at end", () => {
  assert.deepEqual(errors("print 1"), [
    "[line 1] Error at end: Expect ';' after value.",
  ]);
  assert.deepEqual(errors("print ;"), [
    "[line 1] Error at ';': Expect expression.",
  ]);
  assert.deepEqual(errors("var 1 = 2;"), [
    "[line 1] Error at '1': Expect variable name.",
  ]);
  assert.deepEqual(errors("a + b = c;"), [
    "[line 1] Error at '=': Invalid assignment target.",
  ]);
  assert.deepEqual(errors("class A < A {}"), [
    "[line 1] Error at 'A': A class can't inherit from itself.",
  ]);
  assert.deepEqual(errors("print super;"), [
    "[line 1] Error at ';': Expect '.' after 'super'.",
  ]);
  assert.deepEqual(errors("a.1;"), [
    "[line 1] Error at '1': Expect property name after '.'.",
  ]);
});

Deno.test("parser: scanner errors have no 'at'", () => {
  assert.deepEqual(errors('print @;\nprint "open'), [
    "[line 1] Error: Unexpected character.",
    "[line 2] Error: Unterminated string.",
  ]);
});

Deno.test("parser: panic mode reports one error per declaration and recovers", () => {
  const source = [
    "var = 1 2 3;", // one error, the rest of the statement is skipped
    "print 1;", // fine
    "fun f( { }", // one error; recovery then skips the next line's `{`
    "{ print ; print 2; print ) ; }", // two, then the stray `}` is a third
    "print 3",
  ].join("\n");
  assert.deepEqual(errors(source), [
    "[line 1] Error at '=': Expect variable name.",
    "[line 3] Error at '{': Expect parameter name.",
    "[line 4] Error at ';': Expect expression.",
    "[line 4] Error at ')': Expect expression.",
    "[line 4] Error at '}': Expect expression.",
    "[line 5] Error at end: Expect ';' after value.",
  ]);
});

Deno.test("parser: a declaration with an error is left out of the tree", () => {
  const { program } = parse("print 1; print ; print 2;");
  assert.equal(program.statements.length, 2);
});

Deno.test("parser: 255 arguments are fine, 256 are not", () => {
  const args = (n: number) => Array.from({ length: n }, () => "1").join(", ");
  assert.deepEqual(errors(`f(${args(255)});`), []);
  assert.deepEqual(errors(`f(${args(256)});`), [
    "[line 1] Error at '1': Can't have more than 255 arguments.",
  ]);
  const params = (n: number) =>
    Array.from({ length: n }, (_, i) => `p${i}`).join(", ");
  assert.deepEqual(errors(`fun f(${params(255)}) {}`), []);
  assert.deepEqual(errors(`fun f(${params(256)}) {}`), [
    "[line 1] Error at 'p255': Can't have more than 255 parameters.",
  ]);
});
