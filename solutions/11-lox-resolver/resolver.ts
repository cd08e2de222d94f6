/**
 * The resolver: walks the tree once, in source order, and decides where every name
 * lives — a slot in the current frame, a captured variable (upvalue), or a global —
 * exactly as clox's single-pass compiler decides it. It records the answers on the
 * tree, so the compiler only generates code, and it reports the scope errors.
 *
 * clox finds these errors while parsing, so its panic mode also hides a parse error
 * that follows one of them in the same declaration. Here the passes are separate: both
 * kinds are reported, merged in source order (see `compile`), and the resolver keeps
 * clox's rule of at most one error per innermost declaration.
 *
 * @module
 */

import type {
  Binding,
  Expr,
  FunctionNode,
  Local,
  Program,
  Stmt,
  UpvalueRef,
} from "../../lessons/10-lox-parser/ast.ts";
import { leftSpine } from "../../lessons/10-lox-parser/ast.ts";
import {
  CompileError,
  LoxInternalError,
} from "../../lessons/10-lox-parser/errors.ts";
import type { Token } from "../../lessons/10-lox-parser/token.ts";

/** A frame holds at most this many locals, slot 0 included (one-byte operands). */
export const MAX_LOCALS = 256;
/** A closure captures at most this many variables. */
export const MAX_UPVALUES = 256;

type FunctionKind = "script" | FunctionNode["kind"];

interface ScopedLocal {
  readonly local: Local;
  /** The block depth that declared it; -1 while its initializer runs. */
  depth: number;
}

/** What the resolver knows about the function it is inside. */
interface FunctionScope {
  readonly enclosing: FunctionScope | null;
  readonly kind: FunctionKind;
  readonly locals: ScopedLocal[];
  readonly upvalues: UpvalueRef[];
  depth: number;
}

interface ClassScope {
  readonly enclosing: ClassScope | null;
  readonly hasSuperclass: boolean;
}

/** Every global reference shares this one binding: globals are found by name at run time. */
const GLOBAL: Binding = Object.freeze({ kind: "global" });

/**
 * Resolve every name in `program` (filling in its resolver fields) and return the
 * scope errors found, in source order.
 *
 * @example
 * ```ts
 * const { program } = parse("{ var a = a; }");
 * resolve(program)[0].report;
 * // "[line 1] Error at 'a': Can't read local variable in its own initializer."
 * ```
 */
export function resolve(program: Program): CompileError[] {
  const resolver = new Resolver();
  resolver.declarations(program.statements);
  return resolver.errors;
}

class Resolver {
  readonly errors: CompileError[] = [];
  #fn: FunctionScope = newFunctionScope(null, "script");
  #class: ClassScope | null = null;
  /** The locals of the block being resolved, so its end can pop or close them. */
  #blockLocals: Local[] = [];
  #panic = false;

  /** Report an error at `token`, unless this declaration already reported one. */
  #error(token: Token, message: string): void {
    if (this.#panic) return;
    this.#panic = true;
    this.errors.push(new CompileError(token, message));
  }

  /** A list of declarations; like clox, an error is cleared at a declaration's end. */
  declarations(statements: readonly Stmt[]): void {
    for (const stmt of statements) {
      this.#statement(stmt);
      this.#panic = false;
    }
  }

  // ---- Scopes and variables ----

  /**
   * Resolve `body` one block deeper, with `locals` as the list that collects the
   * block's new locals. At the end, forget the locals declared inside it.
   */
  #inBlock(locals: Local[], body: () => void): void {
    const outer = this.#blockLocals;
    this.#blockLocals = locals;
    this.#fn.depth++;
    body();
    this.#fn.depth--;
    const fn = this.#fn;
    while (
      fn.locals.length > 0 && fn.locals[fn.locals.length - 1].depth > fn.depth
    ) {
      fn.locals.pop();
    }
    this.#blockLocals = outer;
  }

  /**
   * Declare `name` in the current scope: a new local (not yet readable), or null for
   * a global. Reports "Already a variable with this name in this scope." when the
   * innermost scope has one.
   */
  #declare(name: Token): Local | null {
    const fn = this.#fn;
    if (fn.depth === 0) return null;
    for (let i = fn.locals.length - 1; i >= 0; i--) {
      const scoped = fn.locals[i];
      if (scoped.depth !== -1 && scoped.depth < fn.depth) break;
      if (scoped.local.name === name.lexeme) {
        this.#error(name, "Already a variable with this name in this scope.");
      }
    }
    return this.#addLocal(name);
  }

  /**
   * Give `name` the next free slot of the current function, as an uninitialised local
   * (depth -1), and list it in the current block. Reports "Too many local variables
   * in function." when the frame is full.
   */
  #addLocal(name: Token): Local {
    const fn = this.#fn;
    if (fn.locals.length === MAX_LOCALS) {
      this.#error(name, "Too many local variables in function.");
    }
    const local: Local = {
      name: name.lexeme,
      slot: fn.locals.length,
      captured: false,
    };
    fn.locals.push({ local, depth: -1 });
    this.#blockLocals.push(local);
    return local;
  }

  /** The variable's initializer is done: reading it is now allowed. */
  #define(local: Local | null): void {
    if (local === null) return;
    const fn = this.#fn;
    fn.locals[fn.locals.length - 1].depth = fn.depth;
  }

  /** Where `name` lives, seen from the current function: local, upvalue or global. */
  #lookup(name: Token): Binding {
    const slot = this.#resolveLocal(this.#fn, name);
    if (slot !== -1) return { kind: "local", slot };
    const index = this.#resolveUpvalue(this.#fn, name);
    if (index !== -1) return { kind: "upvalue", index };
    return GLOBAL;
  }

  /**
   * The slot of `name` among `fn`'s locals, innermost first, or -1. Reports "Can't
   * read local variable in its own initializer." when the local is not yet defined.
   */
  #resolveLocal(fn: FunctionScope, name: Token): number {
    for (let i = fn.locals.length - 1; i >= 0; i--) {
      const scoped = fn.locals[i];
      if (scoped.local.name === name.lexeme) {
        if (scoped.depth === -1) {
          this.#error(
            name,
            "Can't read local variable in its own initializer.",
          );
        }
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of `name` among `fn`'s upvalues, adding it (and, recursively, to every
   * function in between) when it is a local of an enclosing function; -1 when no
   * enclosing function has it. Marks the captured local `captured`.
   */
  #resolveUpvalue(fn: FunctionScope, name: Token): number {
    const enclosing = fn.enclosing;
    if (enclosing === null) return -1;
    const local = this.#resolveLocal(enclosing, name);
    if (local !== -1) {
      enclosing.locals[local].local.captured = true;
      return this.#addUpvalue(fn, name, true, local);
    }
    const upvalue = this.#resolveUpvalue(enclosing, name);
    if (upvalue !== -1) return this.#addUpvalue(fn, name, false, upvalue);
    return -1;
  }

  /**
   * Add the upvalue `{ isLocal, index }` to `fn` and return its index; a function
   * that captures the same variable twice reuses the first entry. Reports "Too many
   * closure variables in function." when the closure is full.
   */
  #addUpvalue(
    fn: FunctionScope,
    name: Token,
    isLocal: boolean,
    index: number,
  ): number {
    const existing = fn.upvalues.findIndex((u) =>
      u.isLocal === isLocal && u.index === index
    );
    if (existing !== -1) return existing;
    if (fn.upvalues.length === MAX_UPVALUES) {
      this.#error(name, "Too many closure variables in function.");
      return 0;
    }
    fn.upvalues.push({ isLocal, index });
    return fn.upvalues.length - 1;
  }

  // ---- Statements ----

  #statement(stmt: Stmt): void {
    switch (stmt.type) {
      case "Expression":
        this.#expression(stmt.expression);
        return;
      case "Print":
        this.#expression(stmt.expression);
        return;
      case "Var": {
        const local = this.#declare(stmt.name);
        if (stmt.initializer) this.#expression(stmt.initializer);
        this.#define(local);
        stmt.declared = local;
        return;
      }
      case "Block":
        this.#inBlock(stmt.locals, () => this.declarations(stmt.statements));
        return;
      case "If":
        this.#expression(stmt.condition);
        this.#statement(stmt.thenBranch);
        if (stmt.elseBranch) this.#statement(stmt.elseBranch);
        return;
      case "While":
        if (stmt.condition) this.#expression(stmt.condition);
        this.#statement(stmt.body);
        if (stmt.increment) this.#expression(stmt.increment);
        return;
      case "Function": {
        // Defined before its body, so the function can call itself.
        const local = this.#declare(stmt.fn.name);
        this.#define(local);
        stmt.declared = local;
        this.#function(stmt.fn);
        return;
      }
      case "Return":
        if (this.#fn.kind === "script") {
          this.#error(stmt.keyword, "Can't return from top-level code.");
        }
        if (stmt.value) {
          if (this.#fn.kind === "initializer") {
            this.#error(
              stmt.keyword,
              "Can't return a value from an initializer.",
            );
          }
          this.#expression(stmt.value);
        }
        return;
      case "Class":
        this.#classDeclaration(stmt);
        return;
    }
  }

  /**
   * A class: its name, then its methods inside a class scope (so `this` is allowed);
   * with a superclass, the methods sit in a block that holds a hidden local `super`.
   * Records `stmt.declared`, `stmt.self` and `stmt.superLocal`.
   */
  #classDeclaration(stmt: Extract<Stmt, { type: "Class" }>): void {
    const local = this.#declare(stmt.name);
    this.#define(local);
    stmt.declared = local;
    const klass: ClassScope = {
      enclosing: this.#class,
      hasSuperclass: stmt.superclass !== null,
    };
    this.#class = klass;
    const methods = () => {
      stmt.self = this.#lookup(stmt.name);
      for (const method of stmt.methods) this.#function(method);
    };
    if (stmt.superclass) {
      this.#expression(stmt.superclass);
      // The superclass lives in a hidden local named `super` that methods capture.
      const superLocals: Local[] = [];
      this.#inBlock(superLocals, () => {
        const superLocal = this.#addLocal({ ...stmt.name, lexeme: "super" });
        this.#define(superLocal);
        stmt.superLocal = superLocal;
        methods();
      });
    } else {
      methods();
    }
    this.#class = klass.enclosing;
  }

  /**
   * A function body in a new function scope: parameters become locals 1, 2, ...
   * (`node.paramLocals`), and what it captures ends up in `node.upvalues`.
   */
  #function(node: FunctionNode): void {
    const fn = newFunctionScope(this.#fn, node.kind);
    this.#fn = fn;
    const outerBlock = this.#blockLocals;
    // Parameters and the body share the function's outermost scope, which the
    // function's return discards, so nobody needs this list.
    this.#blockLocals = [];
    fn.depth = 1;
    node.paramLocals = node.params.map((param) => {
      const local = this.#declare(param);
      if (local === null) {
        throw new LoxInternalError("unreachable: a parameter is local");
      }
      this.#define(local);
      return local;
    });
    this.declarations(node.body);
    node.upvalues = fn.upvalues;
    this.#blockLocals = outerBlock;
    const enclosing = fn.enclosing;
    if (enclosing === null) {
      throw new LoxInternalError("unreachable: a function is nested");
    }
    this.#fn = enclosing;
  }

  // ---- Expressions ----

  #expression(expr: Expr): void {
    switch (expr.type) {
      case "Literal":
        return;
      case "Grouping":
        this.#expression(expr.expression);
        return;
      case "Unary":
        this.#expression(expr.right);
        return;
      case "Binary":
      case "Logical": {
        const spine = leftSpine(expr);
        this.#expression(spine[spine.length - 1].left);
        for (let i = spine.length - 1; i >= 0; i--) {
          this.#expression(spine[i].right);
        }
        return;
      }
      case "Variable":
        expr.binding = this.#lookup(expr.name);
        return;
      case "Assign":
        // clox looks the target up before it parses the value, so a closure's
        // upvalues come in that order: `x = y` captures x first.
        expr.binding = this.#lookup(expr.name);
        this.#expression(expr.value);
        return;
      case "Call":
        this.#expression(expr.callee);
        for (const arg of expr.args) this.#expression(arg);
        return;
      case "Get":
        this.#expression(expr.object);
        return;
      case "Set":
        this.#expression(expr.object);
        this.#expression(expr.value);
        return;
      case "This":
        if (this.#class === null) {
          this.#error(expr.keyword, "Can't use 'this' outside of a class.");
          return;
        }
        expr.binding = this.#lookup({ ...expr.keyword, lexeme: "this" });
        return;
      case "Super":
        if (this.#class === null) {
          this.#error(expr.keyword, "Can't use 'super' outside of a class.");
        } else if (!this.#class.hasSuperclass) {
          this.#error(
            expr.keyword,
            "Can't use 'super' in a class with no superclass.",
          );
        }
        expr.thisBinding = this.#lookup({ ...expr.keyword, lexeme: "this" });
        expr.superBinding = this.#lookup({ ...expr.keyword, lexeme: "super" });
        return;
    }
  }
}

/**
 * A new function scope. Slot 0 of every frame holds the callee; in a method or an
 * initializer it is the receiver, so it is named `this` and code reads it by name.
 * In a function it has an empty name nobody can write.
 */
function newFunctionScope(
  enclosing: FunctionScope | null,
  kind: FunctionKind,
): FunctionScope {
  const slot0 = kind === "method" || kind === "initializer" ? "this" : "";
  return {
    enclosing,
    kind,
    locals: [{ local: { name: slot0, slot: 0, captured: false }, depth: 0 }],
    upvalues: [],
    depth: 0,
  };
}
