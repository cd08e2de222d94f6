import assert from "node:assert/strict";
import { printProgram } from "./ast_printer.ts";
import { parse } from "./parser.ts";

/** Assert exactly the error lines parsing `source` reports, in order. */
function assertErrors(source: string, expected: string[]): void {
  const actual = parse(source).errors.map((e) => e.report);
  assert.deepEqual(
    actual,
    expected,
    `\`${source}\` should report\n  ${expected.join("\n  ") || "nothing"}\n` +
      `but reported\n  ${actual.join("\n  ") || "nothing"}`,
  );
}

/** `count` comma-separated names: `a0, a1, ...`. */
function names(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(", ");
}

// ---- Where an error is reported ----

Deno.test("parser: a missing ';' at the end of input is reported at end", () => {
  assertErrors("print 1", ["[line 1] Error at end: Expect ';' after value."]);
});

Deno.test("parser: a missing expression is reported at the token found instead", () => {
  assertErrors("print ;", ["[line 1] Error at ';': Expect expression."]);
});

Deno.test("parser: a keyword where a name belongs is reported at the keyword", () => {
  assertErrors("var nil = 1;", [
    "[line 1] Error at 'nil': Expect variable name.",
  ]);
});

Deno.test("parser: an error names the line of the offending token", () => {
  assertErrors("print 1;\n\nprint (2\n;", [
    "[line 4] Error at ';': Expect ')' after expression.",
  ]);
});

Deno.test("parser: scanner errors are reported without 'at'", () => {
  assertErrors('print @;\nprint "open', [
    "[line 1] Error: Unexpected character.",
    "[line 2] Error: Unterminated string.",
  ]);
});

// ---- Assignment targets ----

Deno.test("parser: assigning to a sum is an invalid assignment target", () => {
  assertErrors("a + b = c;", [
    "[line 1] Error at '=': Invalid assignment target.",
  ]);
});

Deno.test("parser: assigning to a negation is an invalid assignment target", () => {
  assertErrors("-a = 1;", [
    "[line 1] Error at '=': Invalid assignment target.",
  ]);
});

Deno.test("parser: assigning to a parenthesised name is an invalid assignment target", () => {
  assertErrors("(a) = 1;", [
    "[line 1] Error at '=': Invalid assignment target.",
  ]);
});

Deno.test("parser: a property inside a sum is an invalid assignment target", () => {
  assertErrors("a + b.c = 1;", [
    "[line 1] Error at '=': Invalid assignment target.",
  ]);
});

Deno.test("parser: assigning to a call is an invalid assignment target", () => {
  assertErrors("f() = 1;", [
    "[line 1] Error at '=': Invalid assignment target.",
  ]);
});

// ---- clox's message for each construct ----

Deno.test("parser: a missing ';' is named after the statement it ends", () => {
  assertErrors("1 + 2", [
    "[line 1] Error at end: Expect ';' after expression.",
  ]);
  assertErrors("var a = 1", [
    "[line 1] Error at end: Expect ';' after variable declaration.",
  ]);
  assertErrors("return 1", [
    "[line 1] Error at end: Expect ';' after return value.",
  ]);
});

Deno.test("parser: a missing ')' is named after what it closes", () => {
  assertErrors("print (1;", [
    "[line 1] Error at ';': Expect ')' after expression.",
  ]);
  assertErrors("f(1;", ["[line 1] Error at ';': Expect ')' after arguments."]);
  assertErrors("{ print 1;", [
    "[line 1] Error at end: Expect '}' after block.",
  ]);
});

Deno.test("parser: if and while report a missing parenthesis with clox's words", () => {
  assertErrors("if a) print 1;", [
    "[line 1] Error at 'a': Expect '(' after 'if'.",
  ]);
  assertErrors("if (a print 1;", [
    "[line 1] Error at 'print': Expect ')' after condition.",
  ]);
  assertErrors("while a) {}", [
    "[line 1] Error at 'a': Expect '(' after 'while'.",
  ]);
  assertErrors("while (a {}", [
    "[line 1] Error at '{': Expect ')' after condition.",
  ]);
});

Deno.test("parser: each clause of a for loop has its own message", () => {
  assertErrors("for var i = 0;;) {}", [
    "[line 1] Error at 'var': Expect '(' after 'for'.",
  ]);
  assertErrors("for (;a) {}", [
    "[line 1] Error at ')': Expect ';' after loop condition.",
  ]);
  assertErrors("for (;;a {}", [
    "[line 1] Error at '{': Expect ')' after for clauses.",
  ]);
});

Deno.test("parser: a malformed function declaration reports clox's messages", () => {
  // As in clox: after a bad name or parameter list the parser goes on into the body,
  // recovers there (which ends panic mode) and finds no `}` before the end, so
  // those inputs report a second error.
  assertErrors("fun 1() {}", [
    "[line 1] Error at '1': Expect function name.",
    "[line 1] Error at end: Expect '}' after block.",
  ]);
  assertErrors("fun f {}", [
    "[line 1] Error at '{': Expect '(' after function name.",
  ]);
  assertErrors("fun f(1) {}", [
    "[line 1] Error at '1': Expect parameter name.",
    "[line 1] Error at end: Expect '}' after block.",
  ]);
  assertErrors("fun f(a b) {}", [
    "[line 1] Error at 'b': Expect ')' after parameters.",
    "[line 1] Error at end: Expect '}' after block.",
  ]);
  assertErrors("fun f() print 1;", [
    "[line 1] Error at 'print': Expect '{' before function body.",
    "[line 1] Error at end: Expect '}' after block.",
  ]);
});

Deno.test("parser: a malformed class declaration reports clox's messages", () => {
  assertErrors("class {}", ["[line 1] Error at '{': Expect class name."]);
  assertErrors("class A < {}", [
    "[line 1] Error at '{': Expect superclass name.",
  ]);
  assertErrors("class A { m() {}", [
    "[line 1] Error at end: Expect '}' after class body.",
  ]);
});

Deno.test("parser: a class can't inherit from itself", () => {
  assertErrors("class A < A {}", [
    "[line 1] Error at 'A': A class can't inherit from itself.",
  ]);
});

Deno.test("parser: super must be followed by a dot", () => {
  assertErrors("print super;", [
    "[line 1] Error at ';': Expect '.' after 'super'.",
  ]);
});

Deno.test("parser: super. must be followed by a method name", () => {
  assertErrors("print super.;", [
    "[line 1] Error at ';': Expect superclass method name.",
  ]);
});

Deno.test("parser: a property name must follow a dot", () => {
  assertErrors("a.1;", [
    "[line 1] Error at '1': Expect property name after '.'.",
  ]);
});

// ---- Panic mode ----

Deno.test("parser: after an error, the rest of its statement reports nothing more", () => {
  // Without panic mode, the missing `)` would be reported at `;` as well.
  assertErrors("var a = (1 + ;", ["[line 1] Error at ';': Expect expression."]);
});

Deno.test("parser: an error at end is reported once, however much is missing", () => {
  assertErrors("fun f(", ["[line 1] Error at end: Expect parameter name."]);
});

Deno.test("parser: recovery resumes after the next ';'", () => {
  assertErrors("var a = ;\nvar b = 1 2;\nvar c = ;", [
    "[line 1] Error at ';': Expect expression.",
    "[line 2] Error at '2': Expect ';' after variable declaration.",
    "[line 3] Error at ';': Expect expression.",
  ]);
});

Deno.test("parser: recovery stops before a keyword that starts a statement", () => {
  assertErrors("print 1\nprint ;", [
    "[line 2] Error at 'print': Expect ';' after value.",
    "[line 2] Error at ';': Expect expression.",
  ]);
});

Deno.test("parser: a declaration with an error is left out of the tree", () => {
  const { program } = parse("print 1; print ; print 2;");
  assert.equal(
    printProgram(program),
    "(print 1)\n(print 2)",
    "only the two good statements should be in the tree",
  );
});

Deno.test("parser: an error inside a block leaves the rest of the block in the tree", () => {
  const { program, errors } = parse("{ print ; print 2; }");
  assert.equal(errors.length, 1, "one error expected");
  assert.equal(printProgram(program), "(block (print 2))");
});

Deno.test("parser: an error inside a function body keeps the function", () => {
  const { program, errors } = parse("fun f() { print ; } print 3;");
  assert.equal(errors.length, 1, "one error expected");
  assert.equal(printProgram(program), "(fun f ())\n(print 3)");
});

Deno.test("parser: a file of mistakes reports each one once, in source order", () => {
  const source = [
    "var = 1 2 3;", // one error; the rest of the statement is skipped
    "print 1;", // fine
    "fun f( { }", // one error; recovery then skips the next line's `{`
    "{ print ; print 2; print ) ; }", // two, then the stray `}` is a third
    "print 3",
  ].join("\n");
  assertErrors(source, [
    "[line 1] Error at '=': Expect variable name.",
    "[line 3] Error at '{': Expect parameter name.",
    "[line 4] Error at ';': Expect expression.",
    "[line 4] Error at ')': Expect expression.",
    "[line 4] Error at '}': Expect expression.",
    "[line 5] Error at end: Expect ';' after value.",
  ]);
});

// ---- Limits ----

Deno.test("parser: a call may have 255 arguments", () => {
  assertErrors(`f(${names("a", 255)});`, []);
});

Deno.test("parser: the 256th argument is an error, reported at that argument", () => {
  assertErrors(`f(${names("a", 256)});`, [
    "[line 1] Error at 'a255': Can't have more than 255 arguments.",
  ]);
});

Deno.test("parser: a function may have 255 parameters", () => {
  assertErrors(`fun f(${names("p", 255)}) {}`, []);
});

Deno.test("parser: the 256th parameter is an error, reported at that parameter", () => {
  assertErrors(`fun f(${names("p", 256)}) {}`, [
    "[line 1] Error at 'p255': Can't have more than 255 parameters.",
  ]);
});
