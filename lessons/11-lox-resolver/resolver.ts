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
} from "../10-lox-parser/ast.ts";
import { leftSpine } from "../10-lox-parser/ast.ts";
import { CompileError, LoxInternalError } from "../10-lox-parser/errors.ts";
import type { Token } from "../10-lox-parser/token.ts";

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
    // TODO: swap in `locals` as #blockLocals, go one depth deeper, run `body`, come
    // back up, pop every local deeper than the current depth, restore #blockLocals.
    void locals;
    void body;
    throw new Error("not implemented: Resolver.#inBlock");
  }

  /**
   * Declare `name` in the current scope: a new local (not yet readable), or null for
   * a global. Reports "Already a variable with this name in this scope." when the
   * innermost scope has one.
   */
  #declare(name: Token): Local | null {
    // TODO: globals (depth 0) are late-bound: nothing to declare. Otherwise look for
    // the same name in the innermost scope only, then add a local.
    void name;
    throw new Error("not implemented: Resolver.#declare");
  }

  /**
   * Give `name` the next free slot of the current function, as an uninitialised local
   * (depth -1), and list it in the current block. Reports "Too many local variables
   * in function." when the frame is full.
   */
  #addLocal(name: Token): Local {
    // TODO: the slot is the number of locals already there (slot 0 is reserved).
    void name;
    throw new Error("not implemented: Resolver.#addLocal");
  }

  /** The variable's initializer is done: reading it is now allowed. */
  #define(local: Local | null): void {
    // TODO: the local just declared is the last one: give it the current depth.
    void local;
    throw new Error("not implemented: Resolver.#define");
  }

  /** Where `name` lives, seen from the current function: local, upvalue or global. */
  #lookup(name: Token): Binding {
    // TODO: try the current function's locals, then its enclosing functions, else
    // it is a global (GLOBAL).
    void name;
    void GLOBAL;
    throw new Error("not implemented: Resolver.#lookup");
  }

  /**
   * The slot of `name` among `fn`'s locals, innermost first, or -1. Reports "Can't
   * read local variable in its own initializer." when the local is not yet defined.
   */
  #resolveLocal(fn: FunctionScope, name: Token): number {
    void fn;
    void name;
    throw new Error("not implemented: Resolver.#resolveLocal");
  }

  /**
   * The index of `name` among `fn`'s upvalues, adding it (and, recursively, to every
   * function in between) when it is a local of an enclosing function; -1 when no
   * enclosing function has it. Marks the captured local `captured`.
   */
  #resolveUpvalue(fn: FunctionScope, name: Token): number {
    void fn;
    void name;
    throw new Error("not implemented: Resolver.#resolveUpvalue");
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
    void [fn, name, isLocal, index];
    throw new Error("not implemented: Resolver.#addUpvalue");
  }

  // ---- Statements ----

  #statement(stmt: Stmt): void {
    switch (stmt.type) {
      // Worked examples: statements that declare nothing only walk their parts,
      // in the order they run.
      case "Expression":
        this.#expression(stmt.expression);
        return;
      case "Print":
        this.#expression(stmt.expression);
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
      case "Var":
        // TODO: declare, resolve the initializer, define; record `stmt.declared`.
        throw new Error("not implemented: resolving a var declaration");
      case "Block":
        // TODO: the block's statements, one scope deeper, collecting `stmt.locals`.
        throw new Error("not implemented: resolving a block");
      case "Function":
        // TODO: the function's own name first (so it can call itself), then its body.
        throw new Error("not implemented: resolving a function declaration");
      case "Return":
        // TODO: "Can't return from top-level code." and "Can't return a value from
        // an initializer.", at the `return` keyword.
        throw new Error("not implemented: resolving a return statement");
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
    void stmt;
    throw new Error("not implemented: Resolver.#classDeclaration");
  }

  /**
   * A function body in a new function scope: parameters become locals 1, 2, ...
   * (`node.paramLocals`), and what it captures ends up in `node.upvalues`.
   */
  #function(node: FunctionNode): void {
    // TODO: a new FunctionScope whose enclosing one is the current; parameters and
    // body share its outermost scope (depth 1); restore the outer state at the end.
    // The given LoxInternalError is for cases that cannot happen (a parameter that
    // is not local).
    void node;
    void LoxInternalError;
    throw new Error("not implemented: Resolver.#function");
  }

  // ---- Expressions ----

  #expression(expr: Expr): void {
    switch (expr.type) {
      // Worked examples: expressions that name nothing walk their operands.
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
        // A long chain `a + b + c + ...` is walked as a list, not by recursion.
        const spine = leftSpine(expr);
        this.#expression(spine[spine.length - 1].left);
        for (let i = spine.length - 1; i >= 0; i--) {
          this.#expression(spine[i].right);
        }
        return;
      }
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
      case "Variable":
        // TODO: record where the name lives in `expr.binding`.
        throw new Error("not implemented: resolving a variable");
      case "Assign":
        // TODO: the target's binding, then the value (clox looks the name up first).
        throw new Error("not implemented: resolving an assignment");
      case "This":
        // TODO: "Can't use 'this' outside of a class."; else `this` is a name.
        throw new Error("not implemented: resolving 'this'");
      case "Super":
        // TODO: the two errors about 'super', then both `this` and `super` as names.
        throw new Error("not implemented: resolving 'super'");
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
