import assert from "node:assert/strict";
import type { Program, Stmt } from "./ast.ts";
import { printProgram } from "./ast_printer.ts";
import { parse } from "./parser.ts";

/** The tree of an error-free `source`. */
function programOf(source: string): Program {
  const { program, errors } = parse(source);
  assert.deepEqual(
    errors.map((e) => e.report),
    [],
    `\`${source}\` should parse without errors`,
  );
  return program;
}

/** Assert the statements of `source`, printed as S-expressions, one per line. */
function assertTree(source: string, expected: string): void {
  const actual = printProgram(programOf(source));
  assert.equal(
    actual,
    expected,
    `\`${source}\` should parse as\n${expected}\nbut parsed as\n${actual}`,
  );
}

/** The only top-level statement of `source`, which must be of type `type`. */
function only<T extends Stmt["type"]>(
  source: string,
  type: T,
): Stmt & { type: T } {
  const statements = programOf(source).statements;
  assert.deepEqual(
    statements.map((s) => s.type),
    [type],
    `\`${source}\` should be one ${type} statement`,
  );
  return statements[0] as Stmt & { type: T };
}

Deno.test("parser: print and expression statements hold their expression", () => {
  assertTree("print 1 + 2; f(3);", "(print (+ 1 2))\n(; (call f 3))");
});

Deno.test("parser: var may leave out its initializer", () => {
  assertTree("var a; var b = a;", "(var a)\n(var b a)");
});

Deno.test("parser: a block holds its declarations in order", () => {
  assertTree(
    "{ var a = 1; { print a; } }",
    "(block (var a 1) (block (print a)))",
  );
});

Deno.test("parser: a while loop holds its condition and body", () => {
  assertTree("while (i < 3) i = i + 1;", "(while (< i 3) (; (= i (+ i 1))))");
});

Deno.test("parser: an if without else has no else branch", () => {
  assertTree("if (a) print 1;", "(if a (print 1))");
  const stmt = only("if (a) print 1;", "If");
  assert.equal(stmt.elseBranch, null, "elseBranch should be null");
  assert.equal(stmt.elseEnd, null, "elseEnd should be null");
});

Deno.test("parser: an if with else keeps both branches", () => {
  assertTree(
    "if (a) print 1; else { print 2; }",
    "(if a (print 1) (block (print 2)))",
  );
});

Deno.test("parser: else belongs to the nearest if", () => {
  assertTree(
    "if (a) if (b) print 1; else print 2;",
    "(if a (if b (print 1) (print 2)))",
  );
});

Deno.test("parser: an if remembers the last token of each branch", () => {
  const stmt = only("if (a) {\nprint 1;\n} else\nprint 2;", "If");
  assert.deepEqual(
    [stmt.thenEnd.lexeme, stmt.thenEnd.line],
    ["}", 3],
    "thenEnd should be the then-branch's closing brace, on line 3",
  );
  assert.deepEqual(
    [stmt.elseEnd?.lexeme, stmt.elseEnd?.line],
    [";", 4],
    "elseEnd should be the else-branch's semicolon, on line 4",
  );
});

Deno.test("parser: a for loop becomes a block holding its initializer and a while loop", () => {
  assertTree(
    "for (var i = 0; i < 3; i = i + 1) print i;",
    "(block (var i 0) (while (< i 3) (print i) (= i (+ i 1))))",
  );
});

Deno.test("parser: a for loop's initializer may be an expression statement", () => {
  assertTree(
    "for (i = 0; i < 3;) print i;",
    "(block (; (= i 0)) (while (< i 3) (print i)))",
  );
});

Deno.test("parser: a for loop with every clause left out has no condition", () => {
  assertTree("for (;;) print 1;", "(block (while _ (print 1)))");
});

Deno.test("parser: a for loop's block and loop end at the body's last token", () => {
  const block = only("for (;;) {\nprint 1;\n}", "Block");
  const loop = block.statements[0];
  assert.equal(loop?.type, "While", "the block should hold a While");
  if (loop?.type !== "While") return;
  assert.deepEqual(
    [block.end.lexeme, block.end.line, loop.bodyEnd.lexeme, loop.bodyEnd.line],
    ["}", 3, "}", 3],
    "both should end at the body's closing brace, on line 3",
  );
});

Deno.test("parser: a function declaration has its name, parameters and body", () => {
  assertTree(
    "fun add(a, b) { print a; return a + b; }",
    "(fun add (a b) (print a) (return (+ a b)))",
  );
});

Deno.test("parser: a function may have no parameters and an empty body", () => {
  assertTree("fun f() {} f();", "(fun f ())\n(; (call f))");
});

Deno.test("parser: a function ends at its closing brace", () => {
  const stmt = only("fun f() {\nreturn;\n}", "Function");
  assert.deepEqual(
    [stmt.fn.end.lexeme, stmt.fn.end.line],
    ["}", 3],
    "fn.end is where the implicit return goes: the `}` on line 3",
  );
});

Deno.test("parser: return may leave out its value", () => {
  assertTree(
    "fun f() { return; return nil; }",
    "(fun f () (return) (return nil))",
  );
});

Deno.test("parser: a top-level return parses (the resolver rejects it)", () => {
  assertTree("return 1;", "(return 1)");
});

Deno.test("parser: a class holds its methods, and init is its initializer", () => {
  assertTree(
    "class P { init(x) { this.x = x; } get() { return this.x; } }",
    "(class P (init (x) (; (.= this x x))) (method get () (return (. this x))))",
  );
});

Deno.test("parser: a class names its superclass as a variable", () => {
  const stmt = only("class B < A { m() { return super.m(); } }", "Class");
  assert.deepEqual(
    stmt.superclass && [stmt.superclass.type, stmt.superclass.name.lexeme],
    ["Variable", "A"],
    "superclass should be the Variable A",
  );
  assertTree(
    "class B < A { m() { return super.m(); } }",
    "(class B (< A) (method m () (return (call (super m)))))",
  );
});

Deno.test("parser: a class ends at its closing brace", () => {
  const stmt = only("class A {\nm() {}\n}", "Class");
  assert.deepEqual(
    [stmt.end.lexeme, stmt.end.line],
    ["}", 3],
    "end should be the class body's `}` on line 3",
  );
});

Deno.test("parser: the program ends at the end-of-file token", () => {
  const program = programOf("print 1;\n\n");
  assert.deepEqual(
    [program.end.type, program.end.line],
    ["EOF", 3],
    "program.end should be EOF, on line 3",
  );
});
