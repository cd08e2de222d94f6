import assert from "node:assert/strict";
import type { FunctionNode, Stmt } from "./ast.ts";
import { parse } from "./parser.ts";
import { resolve } from "./resolver.ts";

function errors(source: string): string[] {
  const { program, errors } = parse(source);
  assert.deepEqual(errors.map((e) => e.report), [], "the test's source parses");
  return resolve(program).map((e) => e.report);
}

function resolved(source: string): readonly Stmt[] {
  const { program } = parse(source);
  assert.deepEqual(resolve(program).map((e) => e.report), []);
  return program.statements;
}

Deno.test("resolver: scope errors carry clox's messages and tokens", () => {
  assert.deepEqual(errors("{ var a = 1; var a = 2; }"), [
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
  ]);
  assert.deepEqual(errors("fun f(a) { var a; }"), [
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
  ]);
  assert.deepEqual(errors("{ var a = a; }"), [
    "[line 1] Error at 'a': Can't read local variable in its own initializer.",
  ]);
  assert.deepEqual(errors("return 1;"), [
    "[line 1] Error at 'return': Can't return from top-level code.",
  ]);
  assert.deepEqual(errors("class A { init() { return 1; } }"), [
    "[line 1] Error at 'return': Can't return a value from an initializer.",
  ]);
  assert.deepEqual(errors("print this;"), [
    "[line 1] Error at 'this': Can't use 'this' outside of a class.",
  ]);
  assert.deepEqual(errors("fun f() { super.x; }"), [
    "[line 1] Error at 'super': Can't use 'super' outside of a class.",
  ]);
  assert.deepEqual(errors("class A { m() { super.m(); } }"), [
    "[line 1] Error at 'super': Can't use 'super' in a class with no superclass.",
  ]);
});

Deno.test("resolver: globals may be redeclared and read in their initializer", () => {
  assert.deepEqual(errors("var a = 1; var a = a; { var b; } { var b; }"), []);
  assert.deepEqual(errors("class A { init() { return; } }"), []);
});

Deno.test("resolver: one error per declaration, as clox's panic mode", () => {
  assert.deepEqual(errors("return this; return 2;"), [
    "[line 1] Error at 'return': Can't return from top-level code.",
    "[line 1] Error at 'return': Can't return from top-level code.",
  ]);
  assert.deepEqual(errors("{ var a; var a; var a; }"), [
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
  ]);
  // Two mistakes in one statement: only the first is reported.
  assert.deepEqual(errors("print this + this;"), [
    "[line 1] Error at 'this': Can't use 'this' outside of a class.",
  ]);
});

Deno.test("resolver: names bind to slots, upvalues or globals", () => {
  const [fn] = resolved(
    "fun outer(p) { var a = 1; fun inner() { return a + p + g; } }",
  );
  assert.equal(fn.type, "Function");
  if (fn.type !== "Function") return;
  assert.equal(fn.declared, null, "a top-level function is global");
  assert.deepEqual(fn.fn.paramLocals.map((l) => [l.name, l.slot]), [["p", 1]]);
  const [varA, innerStmt] = fn.fn.body;
  assert.equal(varA.type === "Var" && varA.declared?.slot, 2);
  assert.equal(varA.type === "Var" && varA.declared?.captured, true);
  assert.equal(innerStmt.type, "Function");
  if (innerStmt.type !== "Function") return;
  const inner: FunctionNode = innerStmt.fn;
  // inner captures a (slot 2) then p (slot 1), in the order it uses them.
  assert.deepEqual(inner.upvalues, [
    { isLocal: true, index: 2 },
    { isLocal: true, index: 1 },
  ]);
  const ret = inner.body[0];
  assert.equal(ret.type, "Return");
  if (ret.type !== "Return" || ret.value?.type !== "Binary") return;
  const sum = ret.value;
  assert.equal(sum.left.type, "Binary");
  if (sum.left.type !== "Binary") return;
  const [a, p, g] = [sum.left.left, sum.left.right, sum.right];
  assert.deepEqual(a.type === "Variable" && a.binding, {
    kind: "upvalue",
    index: 0,
  });
  assert.deepEqual(p.type === "Variable" && p.binding, {
    kind: "upvalue",
    index: 1,
  });
  assert.deepEqual(g.type === "Variable" && g.binding, { kind: "global" });
});

Deno.test("resolver: a capture two functions out goes through the middle one", () => {
  const [fn] = resolved("fun a() { var x; fun b() { fun c() { x; } } }");
  if (fn.type !== "Function") throw new Error("expected a function");
  const b = fn.fn.body[1];
  if (b.type !== "Function") throw new Error("expected b");
  const c = b.fn.body[0];
  if (c.type !== "Function") throw new Error("expected c");
  assert.deepEqual(b.fn.upvalues, [{ isLocal: true, index: 1 }]);
  assert.deepEqual(c.fn.upvalues, [{ isLocal: false, index: 0 }]);
});

Deno.test("resolver: a block lists its locals so its end can pop or close them", () => {
  const [block] = resolved("{ var a; var b; fun f() { return b; } }");
  if (block.type !== "Block") throw new Error("expected a block");
  assert.deepEqual(
    block.locals.map((l) => [l.name, l.slot, l.captured]),
    [["a", 1, false], ["b", 2, true], ["f", 3, false]],
  );
});

Deno.test("resolver: 255 locals fit in a function, the 256th does not", () => {
  const locals = (n: number) =>
    Array.from({ length: n }, (_, i) => `var v${i};`).join(" ");
  assert.deepEqual(errors(`{ ${locals(255)} }`), []);
  assert.deepEqual(errors(`{ ${locals(256)} }`), [
    "[line 1] Error at 'v255': Too many local variables in function.",
  ]);
});

Deno.test("resolver: 256 captured variables fit, the 257th does not", () => {
  // Each function has at most 255 locals, so spread them over two levels.
  const declare = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `var v${from + i};`).join(" ");
  const use = (n: number) =>
    Array.from({ length: n }, (_, i) => `v${i};`).join(" ");
  const program = (n: number) =>
    `fun a() { ${declare(0, 200)} fun b() { ${declare(200, 200)} ` +
    `fun c() { ${use(n)} } } }`;
  assert.deepEqual(errors(program(256)), []);
  assert.deepEqual(errors(program(257)), [
    "[line 1] Error at 'v256': Too many closure variables in function.",
  ]);
});
