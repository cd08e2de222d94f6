import assert from "node:assert/strict";
import type { Expr, Stmt } from "./ast.ts";
import { printExpr } from "./ast_printer.ts";
import { parse } from "./parser.ts";

/** The one expression statement `source` holds (source without its `;`). */
function expressionOf(source: string): Expr {
  const { program, errors } = parse(`${source};`);
  assert.deepEqual(
    errors.map((e) => e.report),
    [],
    `\`${source};\` should parse without errors`,
  );
  const [stmt] = program.statements;
  assert.equal(
    stmt?.type,
    "Expression",
    `\`${source};\` should be one expression statement`,
  );
  return (stmt as Stmt & { type: "Expression" }).expression;
}

/** Assert the tree of `source`, printed as an S-expression. */
function assertTree(source: string, expected: string): void {
  const actual = printExpr(expressionOf(source));
  assert.equal(
    actual,
    expected,
    `\`${source}\` should parse as ${expected}, but parsed as ${actual}`,
  );
}

Deno.test("parser: a number literal carries its numeric value", () => {
  const expr = expressionOf("12.5");
  assert.deepEqual(
    expr.type === "Literal" && expr.value,
    12.5,
    `expected the Literal 12.5, got ${printExpr(expr)}`,
  );
});

Deno.test("parser: a string literal's value has no quotes", () => {
  const expr = expressionOf('"hi there"');
  assert.deepEqual(
    expr.type === "Literal" && expr.value,
    "hi there",
    `expected the Literal "hi there", got ${printExpr(expr)}`,
  );
});

Deno.test("parser: true, false and nil are literals", () => {
  assertTree("true == false != nil", "(!= (== true false) nil)");
});

Deno.test("parser: * binds tighter than +", () => {
  assertTree("1 + 2 * 3", "(+ 1 (* 2 3))");
  assertTree("1 * 2 + 3", "(+ (* 1 2) 3)");
});

Deno.test("parser: / binds as tightly as *, and - as +", () => {
  assertTree("1 - 2 / 3 * 4", "(- 1 (* (/ 2 3) 4))");
});

Deno.test("parser: operators of one level group to the left", () => {
  assertTree("1 - 2 - 3", "(- (- 1 2) 3)");
  assertTree("8 / 4 / 2", "(/ (/ 8 4) 2)");
});

Deno.test("parser: comparison binds tighter than equality", () => {
  assertTree("1 < 2 == 3 >= 4", "(== (< 1 2) (>= 3 4))");
});

Deno.test("parser: a sum binds tighter than a comparison", () => {
  assertTree("a + 1 <= b - 1", "(<= (+ a 1) (- b 1))");
});

Deno.test("parser: and binds tighter than or, and both become Logical", () => {
  assertTree("a or b and c", "(or a (and b c))");
  const expr = expressionOf("a or b");
  assert.equal(
    expr.type,
    "Logical",
    `expected a Logical node, got ${expr.type}`,
  );
});

Deno.test("parser: equality binds tighter than and", () => {
  assertTree("a == b and c != d", "(and (== a b) (!= c d))");
});

Deno.test("parser: a unary operator binds tighter than any binary one", () => {
  assertTree("-a * -b", "(* (- a) (- b))");
  assertTree("!a == b", "(== (! a) b)");
});

Deno.test("parser: unary operators nest", () => {
  assertTree("!!-x", "(! (! (- x)))");
});

Deno.test("parser: a unary operator applies to a whole call", () => {
  assertTree("-f(1).x", "(- (. (call f 1) x))");
});

Deno.test("parser: parentheses override precedence and stay in the tree", () => {
  assertTree("(1 + 2) * 3", "(* (group (+ 1 2)) 3)");
});

Deno.test("parser: a call with no arguments", () => {
  assertTree("f()", "(call f)");
});

Deno.test("parser: a call's arguments are whole expressions, in order", () => {
  assertTree("f(a, b + 1, g(c))", "(call f a (+ b 1) (call g c))");
});

Deno.test("parser: calls and property reads chain from left to right", () => {
  assertTree("a.b(1)(2).c", "(. (call (call (. a b) 1) 2) c)");
});

Deno.test("parser: a call remembers its closing parenthesis", () => {
  const expr = expressionOf("f(\n1,\n2\n)");
  assert.equal(expr.type, "Call", `expected a Call, got ${printExpr(expr)}`);
  if (expr.type !== "Call") return;
  assert.deepEqual(
    [expr.paren.lexeme, expr.paren.line],
    [")", 4],
    "a runtime error in the call reports the line of its `)`",
  );
});

Deno.test("parser: assignment to a variable becomes an Assign", () => {
  assertTree("a = 1 + 2", "(= a (+ 1 2))");
});

Deno.test("parser: assignment groups to the right", () => {
  assertTree("a = b = c", "(= a (= b c))");
});

Deno.test("parser: assignment binds more loosely than or", () => {
  assertTree("a = b or c", "(= a (or b c))");
});

Deno.test("parser: assigning to a property becomes a Set on the last dot", () => {
  assertTree("a.b.c = 1", "(.= (. a b) c 1)");
  assertTree("f().x = y = 2", "(.= (call f) x (= y 2))");
});

Deno.test("parser: this reads like a variable", () => {
  assertTree("this.x", "(. this x)");
});

Deno.test("parser: super.method names a superclass method", () => {
  assertTree("super.greet(1)", "(call (super greet) 1)");
});
