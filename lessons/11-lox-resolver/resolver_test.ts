import assert from "node:assert/strict";
import type {
  Binding,
  BlockStmt,
  ClassStmt,
  FunctionNode,
  Local,
  Stmt,
} from "../10-lox-parser/ast.ts";
import { parse } from "../10-lox-parser/parser.ts";
import { resolve } from "./resolver.ts";

// ---- Helpers: parse, resolve, and find nodes in the resolved tree ----

/** The resolver's error reports for `source` (which must parse cleanly). */
function errors(source: string): string[] {
  const { program, errors } = parse(source);
  assert.deepEqual(errors.map((e) => e.report), [], "the test's source parses");
  return resolve(program).map((e) => e.report);
}

/** The resolved statements of `source`, which must resolve without errors. */
function resolved(source: string): readonly Stmt[] {
  const { program, errors } = parse(source);
  assert.deepEqual(errors.map((e) => e.report), [], "the test's source parses");
  const reports = resolve(program).map((e) => e.report);
  assert.deepEqual(reports, [], `expected no resolver errors for: ${source}`);
  return program.statements;
}

/** Every node under `root` (depth first, in field order) that `match` accepts. */
function findAll<T>(root: unknown, match: (node: unknown) => node is T): T[] {
  const found: T[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (match(node)) found.push(node);
    for (const child of Object.values(node)) visit(child);
  };
  visit(root);
  return found;
}

function hasType(node: unknown, type: string): boolean {
  return typeof node === "object" && node !== null &&
    (node as { type?: unknown }).type === type;
}

function lexeme(token: unknown): unknown {
  return typeof token === "object" && token !== null
    ? (token as { lexeme?: unknown }).lexeme
    : undefined;
}

/** The bindings of every read of `name` (Variable and Assign nodes), in source order. */
function bindingsOf(root: unknown, name: string): (Binding | null)[] {
  return findAll(
    root,
    (node): node is { binding: Binding | null } =>
      (hasType(node, "Variable") || hasType(node, "Assign")) &&
      lexeme((node as { name: unknown }).name) === name,
  ).map((node) => node.binding);
}

/** The one function (or method) called `name` under `root`. */
function functionNamed(root: unknown, name: string): FunctionNode {
  const [fn] = findAll(
    root,
    (node): node is FunctionNode =>
      hasType(node, "FunctionNode") &&
      lexeme((node as { name: unknown }).name) === name,
  );
  assert.ok(fn, `expected a function named ${name}`);
  return fn;
}

function firstOfType<T>(root: unknown, type: string): T {
  const [node] = findAll(root, (n): n is T => hasType(n, type));
  assert.ok(node, `expected a ${type} node`);
  return node;
}

const slots = (locals: readonly Local[]) =>
  locals.map((l) => [l.name, l.slot, l.captured]);

// ---- Where names live ----

Deno.test("resolver: a top-level var and the names that read it are globals", () => {
  const statements = resolved("var g = 1; print g; g = 2;");
  const [g] = statements;
  assert.equal(g.type === "Var" && g.declared, null, "a top-level var");
  assert.deepEqual(bindingsOf(statements, "g"), [
    { kind: "global" },
    { kind: "global" },
  ]);
});

Deno.test("resolver: slot 0 is reserved, so the first local of a script block is slot 1", () => {
  const [block] = resolved("{ var a; print a; }");
  assert.equal(block.type, "Block");
  assert.deepEqual(slots((block as BlockStmt).locals), [["a", 1, false]]);
  assert.deepEqual(bindingsOf(block, "a"), [{ kind: "local", slot: 1 }]);
});

Deno.test("resolver: the slots of an ended block are free for the next local", () => {
  const [outer] = resolved("{ { var a; var b; } var c; print c; }");
  assert.deepEqual(
    slots((outer as BlockStmt).locals),
    [["c", 1, false]],
    "c reuses slot 1: a and b were popped when their block ended",
  );
  assert.deepEqual(bindingsOf(outer, "c"), [{ kind: "local", slot: 1 }]);
});

Deno.test("resolver: an assignment to a local binds to its slot", () => {
  const [block] = resolved("{ var a; var b; b = 2; }");
  assert.deepEqual(bindingsOf(block, "b"), [{ kind: "local", slot: 2 }]);
});

Deno.test("resolver: an inner local shadows an outer one of the same name", () => {
  const [block] = resolved("{ var a; { var a; print a; } print a; }");
  assert.deepEqual(bindingsOf(block, "a"), [
    { kind: "local", slot: 2 },
    { kind: "local", slot: 1 },
  ]);
});

Deno.test("resolver: a for loop's variable is a local of the loop, its increment included", () => {
  const [loop] = resolved("for (var i = 0; i < 3; i = i + 1) print i;");
  assert.deepEqual(slots((loop as BlockStmt).locals), [["i", 1, false]]);
  assert.deepEqual(
    bindingsOf(loop, "i"),
    [1, 1, 1, 1].map((slot) => ({ kind: "local", slot })),
    "the condition, the body, the increment's target and its operand",
  );
});

Deno.test("resolver: a name no scope declares is a global, even inside functions", () => {
  const statements = resolved("fun f() { fun g() { return nowhere; } }");
  assert.deepEqual(bindingsOf(statements, "nowhere"), [{ kind: "global" }]);
});

Deno.test("resolver: parameters take slots 1, 2, ... and the body's locals follow", () => {
  const statements = resolved("fun f(x, y) { var z; print x + y + z; }");
  const [declaration] = statements;
  assert.equal(
    declaration.type === "Function" && declaration.declared,
    null,
    "a top-level fun is a global",
  );
  const f = functionNamed(statements, "f");
  assert.deepEqual(slots(f.paramLocals), [["x", 1, false], ["y", 2, false]]);
  const [z] = f.body;
  assert.equal(z.type === "Var" && z.declared?.slot, 3, "z after x and y");
  assert.deepEqual(
    ["x", "y", "z"].map((name) => bindingsOf(statements, name)[0]),
    [1, 2, 3].map((slot) => ({ kind: "local", slot })),
  );
});

Deno.test("resolver: a function's locals do not take slots in the function around it", () => {
  const [block] = resolved("{ var a; fun f(x) { var y; } var b; }");
  assert.deepEqual(slots((block as BlockStmt).locals), [
    ["a", 1, false],
    ["f", 2, false],
    ["b", 3, false],
  ]);
});

Deno.test("resolver: a block lists its own locals, in order, captured or not", () => {
  const [block] = resolved("{ var a; var b; fun f() { return b; } }");
  assert.deepEqual(slots((block as BlockStmt).locals), [
    ["a", 1, false],
    ["b", 2, true],
    ["f", 3, false],
  ]);
});

Deno.test("resolver: names are resolved in every branch, argument and operand", () => {
  const [block] = resolved(
    "{ var a; if (a) print a; else print a; " +
      "while (a) a(a, a).x = -(a or !a); }",
  );
  const bindings = bindingsOf(block, "a");
  assert.equal(bindings.length, 9, "nine reads of a");
  bindings.forEach((binding, i) =>
    assert.deepEqual(
      binding,
      { kind: "local", slot: 1 },
      `read ${i + 1} of a was left unresolved or bound elsewhere`,
    )
  );
});

// ---- Scope errors ----

Deno.test("resolver: a second var of the same name in one block is reported at its name", () => {
  assert.deepEqual(errors("{ var a = 1;\nvar a = 2; }"), [
    "[line 2] Error at 'a': Already a variable with this name in this scope.",
  ]);
});

Deno.test("resolver: a local in a function's body clashes with a parameter of the same name", () => {
  assert.deepEqual(errors("fun f(a) { var a; }"), [
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
  ]);
});

Deno.test("resolver: an inner block may shadow a local of an outer block", () => {
  assert.deepEqual(
    errors("{ var a; { var a; } }"),
    [],
    "only the innermost scope is searched for a clash",
  );
});

Deno.test("resolver: globals may be redeclared and read in their own initializer", () => {
  assert.deepEqual(errors("var a = 1; var a = a;"), []);
});

Deno.test("resolver: two sibling blocks may declare the same name", () => {
  assert.deepEqual(errors("{ var b; } { var b; }"), []);
});

Deno.test("resolver: reading a local in its own initializer is an error", () => {
  assert.deepEqual(errors("{ var a = a; }"), [
    "[line 1] Error at 'a': Can't read local variable in its own initializer.",
  ]);
});

Deno.test("resolver: a shadowing initializer sees its own uninitialised local, not the outer one", () => {
  assert.deepEqual(errors("{ var a = 1; { var a = a + 1; } }"), [
    "[line 1] Error at 'a': Can't read local variable in its own initializer.",
  ]);
});

Deno.test("resolver: a local can be read once its declaration is done", () => {
  assert.deepEqual(errors("{ var a = 1; var b = a; a = b; }"), []);
});

Deno.test("resolver: return at top level is an error at the return keyword", () => {
  assert.deepEqual(errors("print 1;\nreturn 1;"), [
    "[line 2] Error at 'return': Can't return from top-level code.",
  ]);
});

Deno.test("resolver: an initializer may return, but not return a value", () => {
  assert.deepEqual(errors("class A { init() { return; } }"), []);
  assert.deepEqual(errors("class A { init() { return 1; } }"), [
    "[line 1] Error at 'return': Can't return a value from an initializer.",
  ]);
});

Deno.test("resolver: a method or a function nested in an initializer may return a value", () => {
  assert.deepEqual(
    errors(
      "class A { m() { return 1; } init() { fun f() { return 2; } } }",
    ),
    [],
  );
});

Deno.test("resolver: this outside a class is an error", () => {
  assert.deepEqual(errors("print this;"), [
    "[line 1] Error at 'this': Can't use 'this' outside of a class.",
  ]);
  assert.deepEqual(errors("fun f() { return this; }"), [
    "[line 1] Error at 'this': Can't use 'this' outside of a class.",
  ]);
});

Deno.test("resolver: after a class ends, this is outside a class again", () => {
  assert.deepEqual(errors("class A { m() { this; } }\nthis;"), [
    "[line 2] Error at 'this': Can't use 'this' outside of a class.",
  ]);
});

Deno.test("resolver: super outside a class is an error", () => {
  assert.deepEqual(errors("fun f() { super.x; }"), [
    "[line 1] Error at 'super': Can't use 'super' outside of a class.",
  ]);
});

Deno.test("resolver: super in a class with no superclass is an error", () => {
  assert.deepEqual(errors("class A { m() { super.m(); } }"), [
    "[line 1] Error at 'super': Can't use 'super' in a class with no superclass.",
  ]);
});

Deno.test("resolver: a class without a superclass nested in one with a superclass still has none", () => {
  assert.deepEqual(
    errors("class B {} class A < B { m() { class C { n() { super.n(); } } } }"),
    [
      "[line 1] Error at 'super': Can't use 'super' in a class with no superclass.",
    ],
  );
  assert.deepEqual(
    errors("class B {} class A < B { m() { class C {} super.m(); } }"),
    [],
    "after the inner class, the outer class's superclass counts again",
  );
});

// ---- Panic mode ----

Deno.test("resolver: one error per declaration: a second mistake in a statement is not reported", () => {
  assert.deepEqual(errors("print this + this;"), [
    "[line 1] Error at 'this': Can't use 'this' outside of a class.",
  ]);
});

Deno.test("resolver: each top-level declaration reports its own error", () => {
  assert.deepEqual(errors("return this; return 2;"), [
    "[line 1] Error at 'return': Can't return from top-level code.",
    "[line 1] Error at 'return': Can't return from top-level code.",
  ]);
});

Deno.test("resolver: each declaration inside a block reports its own error", () => {
  assert.deepEqual(errors("{ var a; var a; var a; }"), [
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
  ]);
});

// ---- Closures ----

Deno.test("resolver: a closure captures variables in the order it first uses them", () => {
  const statements = resolved(
    "fun outer(p) { var a = 1; fun inner() { return a + p + g; } }",
  );
  const outer = functionNamed(statements, "outer");
  const inner = functionNamed(statements, "inner");
  assert.deepEqual(inner.upvalues, [
    { isLocal: true, index: 2 },
    { isLocal: true, index: 1 },
  ], "a (outer's slot 2) first, then p (slot 1)");
  const [a, p, g] = ["a", "p", "g"].map((name) => bindingsOf(inner, name)[0]);
  assert.deepEqual(a, { kind: "upvalue", index: 0 });
  assert.deepEqual(p, { kind: "upvalue", index: 1 });
  assert.deepEqual(g, { kind: "global" });
  assert.deepEqual(outer.upvalues, [], "outer captures nothing");
});

Deno.test("resolver: a captured local is marked so its scope's end closes it", () => {
  const statements = resolved(
    "fun outer(p, q) { var a; var b; fun inner() { return p + b; } }",
  );
  const outer = functionNamed(statements, "outer");
  assert.deepEqual(slots(outer.paramLocals), [["p", 1, true], ["q", 2, false]]);
  const [a, b] = outer.body;
  assert.equal(a.type === "Var" && a.declared?.captured, false, "a is unused");
  assert.equal(b.type === "Var" && b.declared?.captured, true, "b is captured");
});

Deno.test("resolver: a variable captured twice uses one upvalue", () => {
  const statements = resolved(
    "fun outer() { var a; fun inner() { a = a + 1; return a; } }",
  );
  const inner = functionNamed(statements, "inner");
  assert.deepEqual(inner.upvalues, [{ isLocal: true, index: 1 }]);
  assert.deepEqual(
    bindingsOf(inner, "a"),
    [0, 0, 0].map((index) => ({ kind: "upvalue", index })),
  );
});

Deno.test("resolver: an assignment's target is captured before its value, as clox does", () => {
  const statements = resolved(
    "fun outer() { var x; var y; fun inner() { x = y; } }",
  );
  assert.deepEqual(functionNamed(statements, "inner").upvalues, [
    { isLocal: true, index: 1 },
    { isLocal: true, index: 2 },
  ], "x (slot 1) is upvalue 0, y (slot 2) upvalue 1");
});

Deno.test("resolver: a capture two functions out goes through the middle one", () => {
  const statements = resolved(
    "fun a() { var x; fun b() { fun c() { x; } } }",
  );
  assert.deepEqual(functionNamed(statements, "b").upvalues, [
    { isLocal: true, index: 1 },
  ], "b captures a's local x");
  assert.deepEqual(functionNamed(statements, "c").upvalues, [
    { isLocal: false, index: 0 },
  ], "c captures b's upvalue 0, not a local");
});

Deno.test("resolver: a local function can call itself: its name is defined before its body", () => {
  const [block] = resolved("{ fun f() { f(); } }");
  const f = functionNamed(block, "f");
  assert.deepEqual(f.upvalues, [{ isLocal: true, index: 1 }]);
  assert.deepEqual(bindingsOf(f, "f"), [{ kind: "upvalue", index: 0 }]);
});

Deno.test("resolver: a block-level variable captured by a closure is captured from its slot", () => {
  const [block] = resolved(
    "{ var unused; { var x = 1; fun get() { return x; } } }",
  );
  assert.deepEqual(functionNamed(block, "get").upvalues, [
    { isLocal: true, index: 2 },
  ]);
});

// ---- Classes, this and super ----

Deno.test("resolver: this in a method is slot 0 of the method's frame", () => {
  const statements = resolved("class A { m() { return this; } }");
  const self = firstOfType<{ binding: Binding | null }>(statements, "This");
  assert.deepEqual(self.binding, { kind: "local", slot: 0 });
  const m = functionNamed(statements, "m");
  assert.deepEqual(m.upvalues, []);
});

Deno.test("resolver: this in an initializer is slot 0 too", () => {
  const statements = resolved("class A { init(x) { this.x = x; } }");
  const self = firstOfType<{ binding: Binding | null }>(statements, "This");
  assert.deepEqual(self.binding, { kind: "local", slot: 0 });
  assert.deepEqual(bindingsOf(statements, "x"), [{ kind: "local", slot: 1 }]);
});

Deno.test("resolver: a method's first parameter is slot 1, after this", () => {
  const statements = resolved("class A { m(x) { return x; } }");
  const m = functionNamed(statements, "m");
  assert.deepEqual(slots(m.paramLocals), [["x", 1, false]]);
});

Deno.test("resolver: this in a function inside a method is captured from the method's slot 0", () => {
  const statements = resolved(
    "class A { m() { fun f() { return this; } } }",
  );
  assert.deepEqual(functionNamed(statements, "f").upvalues, [
    { isLocal: true, index: 0 },
  ]);
  const self = firstOfType<{ binding: Binding | null }>(statements, "This");
  assert.deepEqual(self.binding, { kind: "upvalue", index: 0 });
});

Deno.test("resolver: a class in a block is a local, and its methods find it again", () => {
  const [block] = resolved("{ var x; class A { m() { return A; } } }");
  const klass = firstOfType<ClassStmt>(block, "Class");
  assert.deepEqual(
    klass.declared && [klass.declared.name, klass.declared.slot],
    ["A", 2],
  );
  assert.deepEqual(klass.self, { kind: "local", slot: 2 }, "stmt.self");
  assert.deepEqual(functionNamed(block, "m").upvalues, [
    { isLocal: true, index: 2 },
  ]);
});

Deno.test("resolver: a global class finds itself as a global", () => {
  const [klass] = resolved("class A {}");
  assert.equal(klass.type, "Class");
  assert.equal((klass as ClassStmt).declared, null, "a top-level class");
  assert.deepEqual((klass as ClassStmt).self, { kind: "global" });
  assert.equal((klass as ClassStmt).superLocal, null, "no superclass");
});

Deno.test("resolver: a superclass lives in a hidden local named super, which methods capture", () => {
  const statements = resolved(
    "class B { m() {} } class A < B { m() { super.m(); } }",
  );
  const a = statements[1] as ClassStmt;
  assert.deepEqual(
    a.superLocal &&
      [a.superLocal.name, a.superLocal.slot, a.superLocal.captured],
    ["super", 1, true],
    "the script's first local: slot 1",
  );
  const call = firstOfType<
    { thisBinding: Binding | null; superBinding: Binding | null }
  >(a, "Super");
  assert.deepEqual(call.thisBinding, { kind: "local", slot: 0 });
  assert.deepEqual(call.superBinding, { kind: "upvalue", index: 0 });
  const methods = findAll(
    a,
    (n): n is FunctionNode => hasType(n, "FunctionNode"),
  );
  assert.deepEqual(methods[0].upvalues, [{ isLocal: true, index: 1 }]);
});

Deno.test("resolver: the superclass expression is resolved outside the super scope", () => {
  const [block] = resolved("{ class B {} class A < B {} var c; }");
  const [b, a, c] = (block as BlockStmt).statements;
  assert.deepEqual(
    (a as ClassStmt).superclass?.binding,
    { kind: "local", slot: 1 },
    "B is the block's slot 1",
  );
  assert.equal((a as ClassStmt).superLocal?.slot, 3, "super after B and A");
  assert.equal(b.type === "Class" && b.declared?.slot, 1);
  assert.equal(
    c.type === "Var" && c.declared?.slot,
    3,
    "super's slot is free again",
  );
});

// ---- Limits ----

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
