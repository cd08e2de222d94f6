/**
 * A tree-walking interpreter, in the manner of the book's jlox: it runs the syntax tree
 * directly, with no bytecode. It shares the scanner, parser and resolver with the VM,
 * and prints, fails and traces as the VM does, so the two can be compared on the same
 * programs — for speed (see runtime/bench/lox_bench.ts) and for output.
 *
 * What it cannot do is the point the lessons make against it: a Lox call is a
 * JavaScript call here, so the program's state lives on the JavaScript stack. It cannot
 * stop after N steps and resume later, nor be copied with `structuredClone`; so it runs
 * a whole program at once, and offers only clox's own native, `clock()`. Nor does it
 * report the limits that belong to bytecode (256 constants per chunk, jump sizes): it
 * has no chunks. Its calls stop at the VM's 64 frames, with the VM's `Stack overflow.`
 *
 * Variables live where the resolver put them: a slot in the current call's array, a
 * captured variable (upvalue) of the current closure, or a global. A captured variable
 * is "closed" when its block ends, as in clox, so each loop turn captures its own.
 *
 * @module
 */

import type {
  BinaryExpr,
  Binding,
  Expr,
  FunctionNode,
  Local,
  LogicalExpr,
  Stmt,
} from "../../lessons/10-lox-parser/ast.ts";
import { lastToken } from "../../lessons/10-lox-parser/ast.ts";
import {
  CompileError,
  LoxRuntimeError,
  sortErrors,
} from "../../lessons/10-lox-parser/errors.ts";
import {
  EXIT_COMPILE_ERROR,
  EXIT_OK,
  EXIT_RUNTIME_ERROR,
  type LoxIo,
} from "./interpret.ts";
import { parse, type ParseResult } from "../../lessons/10-lox-parser/parser.ts";
import { resolve } from "../../lessons/11-lox-resolver/resolver.ts";
import type { Token } from "../../lessons/10-lox-parser/token.ts";
import { formatNumber } from "../../lessons/12-lox-compiler/value.ts";
import { FRAMES_MAX, MAX_STRING_LENGTH } from "../../lessons/13-lox-vm/vm.ts";

/** A value of the tree-walker: Lox's primitives, or one of its own objects. */
export type TreeValue = number | boolean | null | string | TreeObject;

/** The tree-walker's heap objects; they hold syntax nodes, so they are its own. */
export type TreeObject =
  | TreeClosure
  | TreeClass
  | TreeInstance
  | TreeBoundMethod
  | TreeNative;

/**
 * A captured variable: `cells[index]`. Open, `cells` is the declaring call's slot
 * array; closed, a one-element array of its own.
 */
interface Upvalue {
  cells: TreeValue[];
  index: number;
}

/** A function declaration together with the variables it captured. */
export interface TreeClosure {
  readonly kind: "closure";
  readonly node: FunctionNode;
  readonly upvalues: readonly Upvalue[];
}

/** A class: its name and methods (inherited ones copied in, as clox does). */
export interface TreeClass {
  readonly kind: "class";
  readonly name: string;
  readonly methods: Map<string, TreeClosure>;
  init: TreeClosure | null;
}

/** An instance: its class and fields. */
export interface TreeInstance {
  readonly kind: "instance";
  readonly klass: TreeClass;
  readonly fields: Map<string, TreeValue>;
}

/** A method read off an instance, remembering the instance as `this`. */
export interface TreeBoundMethod {
  readonly kind: "bound";
  readonly receiver: TreeValue;
  readonly method: TreeClosure;
}

/** A host function. */
export interface TreeNative {
  readonly kind: "native";
  readonly name: string;
  readonly arity: number;
  readonly fn: (args: readonly TreeValue[]) => TreeValue;
}

/** How to run a program on the tree-walker. */
export interface TreeWalkerOptions {
  /** `clock()`'s source: "virtual" (default; it reads 0) or "system" (seconds). */
  clock?: "virtual" | "system";
}

/**
 * Run a whole Lox program on the tree-walker; resolves with its exit code (0, 65 or
 * 70), as `runLox` does for the VM.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
 * await runTreeWalker("fun f(n) { return n * 2; } print f(21);", io); // 0; out: ["42\n"]
 * ```
 */
export function runTreeWalker(
  source: string,
  io: LoxIo,
  options: TreeWalkerOptions = {},
): Promise<number> {
  const front = frontEnd(source);
  if ("errors" in front) {
    for (const error of front.errors) io.stderr(error.report + "\n");
    return Promise.resolve(EXIT_COMPILE_ERROR);
  }
  const now = options.clock === "system"
    ? () => performance.now() / 1000
    : () => 0;
  const walker = new TreeWalker(io, now);
  const error = walker.run(front.program.statements);
  if (error === null) return Promise.resolve(EXIT_OK);
  io.stderr(error.report);
  return Promise.resolve(EXIT_RUNTIME_ERROR);
}

/** Parse and resolve, with the compile errors the VM's `compile` would report. */
function frontEnd(
  source: string,
): { program: ParseResult["program"] } | { errors: CompileError[] } {
  try {
    const { program, errors } = parse(source);
    const all = [...errors, ...resolve(program)];
    return all.length > 0 ? { errors: sortErrors(all) } : { program };
  } catch (error) {
    // Only absurd nesting (thousands of parentheses) exhausts the JavaScript stack.
    if (!(error instanceof RangeError)) throw error;
    const end: Token = {
      type: "EOF",
      lexeme: "",
      line: 1,
      offset: source.length,
    };
    return { errors: [new CompileError(end, "Program nested too deeply.")] };
  }
}

/**
 * A runtime error on its way out through the calls: `line` is where the current call
 * was when it happened; each call it leaves adds its trace line and moves `line` out.
 */
class Unwinding {
  readonly trace: string[] = [];
  constructor(readonly message: string, public line: number) {}
}

/** One call's state: its variables' slots and the closure it runs. */
interface Frame {
  readonly slots: TreeValue[];
  readonly closure: TreeClosure | null;
  /** Upvalues still pointing into `slots`, so a block's end can close them. */
  open: Upvalue[] | null;
}

class TreeWalker {
  readonly #io: LoxIo;
  readonly #globals = new Map<string, TreeValue>();
  /** Calls in progress, the script's included. */
  #depth = 1;
  /** The value of the `return` being carried out of a function's statements. */
  #returned: TreeValue = null;

  constructor(io: LoxIo, now: () => number) {
    this.#io = io;
    const clock: TreeNative = {
      kind: "native",
      name: "clock",
      arity: 0,
      fn: () => now(),
    };
    this.#globals.set("clock", clock);
  }

  /** Run the script; null when it ends, or the runtime error that stopped it. */
  run(statements: readonly Stmt[]): LoxRuntimeError | null {
    const frame: Frame = { slots: [null], closure: null, open: null };
    let line = 1;
    try {
      for (const stmt of statements) {
        line = firstLine(stmt);
        this.#execute(stmt, frame);
      }
      return null;
    } catch (error) {
      const unwinding = asUnwinding(error, line);
      return new LoxRuntimeError(unwinding.message, [
        ...unwinding.trace,
        `[line ${unwinding.line}] in script`,
      ]);
    }
  }

  // ---- Statements ----

  /** Run one statement; true when it ran a `return` (its value in #returned). */
  #execute(stmt: Stmt, frame: Frame): boolean {
    switch (stmt.type) {
      case "Expression":
        this.#evaluate(stmt.expression, frame);
        return false;
      case "Block": {
        const statements = stmt.statements;
        for (let i = 0; i < statements.length; i++) {
          if (this.#execute(statements[i], frame)) return true;
        }
        if (frame.open !== null) closeLocals(frame, stmt.locals);
        return false;
      }
      case "If":
        if (isTruthy(this.#evaluate(stmt.condition, frame))) {
          return this.#execute(stmt.thenBranch, frame);
        }
        return stmt.elseBranch !== null &&
          this.#execute(stmt.elseBranch, frame);
      case "While": {
        const { condition, body, increment } = stmt;
        while (
          condition === null || isTruthy(this.#evaluate(condition, frame))
        ) {
          if (this.#execute(body, frame)) return true;
          if (increment !== null) this.#evaluate(increment, frame);
        }
        return false;
      }
      case "Var": {
        const value = stmt.initializer === null
          ? null
          : this.#evaluate(stmt.initializer, frame);
        this.#declare(stmt.declared, stmt.name, value, frame);
        return false;
      }
      case "Return":
        if (stmt.value !== null) {
          this.#returned = this.#evaluate(stmt.value, frame);
        } else {
          // A bare `return` in an initializer returns `this`, as clox's does.
          this.#returned = frame.closure?.node.kind === "initializer"
            ? frame.slots[0]
            : null;
        }
        return true;
      case "Print":
        this.#io.stdout(show(this.#evaluate(stmt.expression, frame)) + "\n");
        return false;
      case "Function":
        this.#declare(
          stmt.declared,
          stmt.fn.name,
          this.#closure(stmt.fn, frame),
          frame,
        );
        return false;
      case "Class":
        this.#class(stmt, frame);
        return false;
    }
  }

  #declare(
    declared: Local | null,
    name: Token,
    value: TreeValue,
    frame: Frame,
  ): void {
    if (declared === null) this.#globals.set(name.lexeme, value);
    else frame.slots[declared.slot] = value;
  }

  #class(stmt: Extract<Stmt, { type: "Class" }>, frame: Frame): void {
    const klass: TreeClass = {
      kind: "class",
      name: stmt.name.lexeme,
      methods: new Map(),
      init: null,
    };
    this.#declare(stmt.declared, stmt.name, klass, frame);
    if (stmt.superclass !== null) {
      const superclass = this.#evaluate(stmt.superclass, frame);
      if (!isClass(superclass)) {
        throw new Unwinding(
          "Superclass must be a class.",
          stmt.superclass.name.line,
        );
      }
      // The superclass sits in a hidden local, `super`, which the methods capture.
      const superLocal = stmt.superLocal;
      if (superLocal !== null) frame.slots[superLocal.slot] = superclass;
      for (const [name, method] of superclass.methods) {
        klass.methods.set(name, method);
      }
      klass.init = superclass.init;
    }
    for (const method of stmt.methods) {
      const closure = this.#closure(method, frame);
      klass.methods.set(method.name.lexeme, closure);
      if (method.name.lexeme === "init") klass.init = closure;
    }
    if (stmt.superLocal !== null && frame.open !== null) {
      closeLocals(frame, [stmt.superLocal]);
    }
  }

  #closure(node: FunctionNode, frame: Frame): TreeClosure {
    const upvalues = node.upvalues.map((ref) => {
      if (ref.isLocal) return capture(frame, ref.index);
      const outer = frame.closure;
      if (outer === null) {
        throw new Error("unreachable: the script captures nothing");
      }
      return outer.upvalues[ref.index];
    });
    return { kind: "closure", node, upvalues };
  }

  // ---- Expressions ----

  #evaluate(expr: Expr, frame: Frame): TreeValue {
    switch (expr.type) {
      case "Variable":
        return this.#load(expr.binding, expr.name, frame);
      case "Literal":
        return expr.value;
      case "Binary":
        return this.#binary(expr, frame);
      case "Call":
        return this.#call(expr, frame);
      case "Get": {
        const object = this.#evaluate(expr.object, frame);
        if (!isInstance(object)) {
          throw new Unwinding(
            "Only instances have properties.",
            expr.name.line,
          );
        }
        const name = expr.name.lexeme;
        const field = object.fields.get(name);
        if (field !== undefined) return field;
        const method = object.klass.methods.get(name);
        if (method === undefined) {
          throw new Unwinding(`Undefined property '${name}'.`, expr.name.line);
        }
        return { kind: "bound", receiver: object, method };
      }
      case "Set": {
        const object = this.#evaluate(expr.object, frame);
        const value = this.#evaluate(expr.value, frame);
        if (!isInstance(object)) {
          throw new Unwinding(
            "Only instances have fields.",
            lastToken(expr.value).line,
          );
        }
        object.fields.set(expr.name.lexeme, value);
        return value;
      }
      case "Assign": {
        const value = this.#evaluate(expr.value, frame);
        this.#store(expr.binding, expr.name, value, frame, expr.value);
        return value;
      }
      case "This":
        return this.#load(expr.binding, expr.keyword, frame);
      case "Grouping":
        return this.#evaluate(expr.expression, frame);
      case "Logical":
        return this.#logical(expr, frame);
      case "Unary": {
        const right = this.#evaluate(expr.right, frame);
        if (expr.operator.type === "BANG") return !isTruthy(right);
        if (typeof right !== "number") {
          throw new Unwinding(
            "Operand must be a number.",
            lastToken(expr.right).line,
          );
        }
        return -right;
      }
      case "Super": {
        const receiver = this.#load(expr.thisBinding, expr.keyword, frame);
        const method = this.#superMethod(expr, frame);
        return { kind: "bound", receiver, method };
      }
    }
  }

  #load(binding: Binding | null, name: Token, frame: Frame): TreeValue {
    if (binding === null) throw new Error(`unresolved name '${name.lexeme}'`);
    switch (binding.kind) {
      case "local":
        return frame.slots[binding.slot];
      case "upvalue": {
        const upvalue = upvalueOf(frame, binding.index);
        return upvalue.cells[upvalue.index];
      }
      case "global": {
        const value = this.#globals.get(name.lexeme);
        if (value === undefined) {
          throw new Unwinding(
            `Undefined variable '${name.lexeme}'.`,
            name.line,
          );
        }
        return value;
      }
    }
  }

  #store(
    binding: Binding | null,
    name: Token,
    value: TreeValue,
    frame: Frame,
    valueExpr: Expr,
  ): void {
    if (binding === null) throw new Error(`unresolved name '${name.lexeme}'`);
    switch (binding.kind) {
      case "local":
        frame.slots[binding.slot] = value;
        return;
      case "upvalue": {
        const upvalue = upvalueOf(frame, binding.index);
        upvalue.cells[upvalue.index] = value;
        return;
      }
      case "global":
        if (!this.#globals.has(name.lexeme)) {
          throw new Unwinding(
            `Undefined variable '${name.lexeme}'.`,
            lastToken(valueExpr).line,
          );
        }
        this.#globals.set(name.lexeme, value);
        return;
    }
  }

  #binary(expr: BinaryExpr, frame: Frame): TreeValue {
    let left = expr.left;
    if (left.type !== "Binary") {
      return this.#operate(
        expr,
        this.#evaluate(left, frame),
        this.#evaluate(expr.right, frame),
      );
    }
    // `a + b + c + ...` nests to the left, one level per operator: the parser reads
    // such a chain with a loop, so it can be thousands deep. Walk it with a loop too,
    // innermost first, rather than let recursion exhaust the JavaScript stack.
    const chain: BinaryExpr[] = [expr];
    while (left.type === "Binary") {
      chain.push(left);
      left = left.left;
    }
    let value = this.#evaluate(left, frame);
    for (let i = chain.length - 1; i >= 0; i--) {
      value = this.#operate(
        chain[i],
        value,
        this.#evaluate(chain[i].right, frame),
      );
    }
    return value;
  }

  /** `and` / `or`; a long chain of them nests to the left, so it is walked as #binary's. */
  #logical(expr: LogicalExpr, frame: Frame): TreeValue {
    const chain: LogicalExpr[] = [expr];
    let left = expr.left;
    while (left.type === "Logical") {
      chain.push(left);
      left = left.left;
    }
    let value = this.#evaluate(left, frame);
    for (let i = chain.length - 1; i >= 0; i--) {
      // `or` keeps a truthy value, `and` a falsey one; otherwise the right side decides.
      if (isTruthy(value) === (chain[i].operator.type === "OR")) continue;
      value = this.#evaluate(chain[i].right, frame);
    }
    return value;
  }

  /** `a` and `b` combined by `expr`'s operator, with the VM's errors. */
  #operate(expr: BinaryExpr, a: TreeValue, b: TreeValue): TreeValue {
    const type = expr.operator.type;
    if (type === "EQUAL_EQUAL") return a === b;
    if (type === "BANG_EQUAL") return a !== b;
    if (typeof a === "number" && typeof b === "number") {
      switch (type) {
        case "PLUS":
          return a + b;
        case "MINUS":
          return a - b;
        case "STAR":
          return a * b;
        case "SLASH":
          return a / b;
        case "LESS":
          return a < b;
        case "GREATER":
          return a > b;
        // clox compiles these as NOT of the opposite test, which matters for NaN.
        case "LESS_EQUAL":
          return !(a > b);
        case "GREATER_EQUAL":
          return !(a < b);
      }
    }
    const line = lastToken(expr.right).line;
    if (type !== "PLUS") throw new Unwinding("Operands must be numbers.", line);
    if (typeof a === "string" && typeof b === "string") {
      if (a.length + b.length > MAX_STRING_LENGTH) {
        throw new Unwinding("String too long.", line);
      }
      return a + b;
    }
    throw new Unwinding("Operands must be two numbers or two strings.", line);
  }

  #superMethod(
    expr: Extract<Expr, { type: "Super" }>,
    frame: Frame,
  ): TreeClosure {
    const superclass = this.#load(expr.superBinding, expr.keyword, frame);
    if (!isClass(superclass)) throw new Error("unreachable: super is a class");
    const method = superclass.methods.get(expr.method.lexeme);
    if (method === undefined) {
      throw new Unwinding(
        `Undefined property '${expr.method.lexeme}'.`,
        expr.method.line,
      );
    }
    return method;
  }

  // ---- Calls ----

  /** The arguments' values from slot 1 on: slot 0 is left for the callee or `this`. */
  #arguments(args: readonly Expr[], frame: Frame): TreeValue[] {
    const values: TreeValue[] = new Array(args.length + 1);
    values[0] = null;
    for (let i = 0; i < args.length; i++) {
      values[i + 1] = this.#evaluate(args[i], frame);
    }
    return values;
  }

  #call(expr: Extract<Expr, { type: "Call" }>, frame: Frame): TreeValue {
    const { callee, paren } = expr;
    // `a.m(x)` and `super.m(x)` call the method without making a bound method, and
    // fail with the VM's invoke messages.
    if (callee.type === "Get") {
      const receiver = this.#evaluate(callee.object, frame);
      const args = this.#arguments(expr.args, frame);
      if (!isInstance(receiver)) {
        throw new Unwinding("Only instances have methods.", paren.line);
      }
      const name = callee.name.lexeme;
      const field = receiver.fields.get(name);
      if (field !== undefined) return this.#callValue(field, args, paren.line);
      const method = receiver.klass.methods.get(name);
      if (method === undefined) {
        throw new Unwinding(`Undefined property '${name}'.`, paren.line);
      }
      return this.#callClosure(method, receiver, args, paren.line);
    }
    if (callee.type === "Super") {
      const receiver = this.#load(callee.thisBinding, callee.keyword, frame);
      const args = this.#arguments(expr.args, frame);
      const superclass = this.#load(
        callee.superBinding,
        callee.keyword,
        frame,
      );
      if (!isClass(superclass)) {
        throw new Error("unreachable: super is a class");
      }
      const method = superclass.methods.get(callee.method.lexeme);
      if (method === undefined) {
        throw new Unwinding(
          `Undefined property '${callee.method.lexeme}'.`,
          paren.line,
        );
      }
      return this.#callClosure(method, receiver, args, paren.line);
    }
    const value = this.#evaluate(callee, frame);
    const args = this.#arguments(expr.args, frame);
    return this.#callValue(value, args, paren.line);
  }

  #callValue(callee: TreeValue, args: TreeValue[], line: number): TreeValue {
    if (typeof callee === "object" && callee !== null) {
      switch (callee.kind) {
        case "closure":
          return this.#callClosure(callee, callee, args, line);
        case "bound":
          return this.#callClosure(
            callee.method,
            callee.receiver,
            args,
            line,
          );
        case "class": {
          const instance: TreeInstance = {
            kind: "instance",
            klass: callee,
            fields: new Map(),
          };
          if (callee.init !== null) {
            this.#callClosure(callee.init, instance, args, line);
          } else if (args.length !== 1) {
            throw new Unwinding(
              `Expected 0 arguments but got ${args.length - 1}.`,
              line,
            );
          }
          return instance;
        }
        case "native":
          if (callee.arity >= 0 && args.length - 1 !== callee.arity) {
            throw new Unwinding(
              `Expected ${callee.arity} arguments but got ${args.length - 1}.`,
              line,
            );
          }
          return callee.fn(args.slice(1));
      }
    }
    throw new Unwinding("Can only call functions and classes.", line);
  }

  /**
   * Call `closure` with `slot0` (itself, or the receiver of a method) and `args` (from
   * {@link #arguments}, whose slot 0 this fills), from a call at `line`: the line an
   * error's trace shows for the caller.
   */
  #callClosure(
    closure: TreeClosure,
    slot0: TreeValue,
    args: TreeValue[],
    line: number,
  ): TreeValue {
    const node = closure.node;
    if (args.length - 1 !== node.params.length) {
      throw new Unwinding(
        `Expected ${node.params.length} arguments but got ${args.length - 1}.`,
        line,
      );
    }
    if (this.#depth === FRAMES_MAX) {
      throw new Unwinding("Stack overflow.", line);
    }
    args[0] = slot0;
    const frame: Frame = { slots: args, closure, open: null };
    this.#depth++;
    try {
      const body = node.body;
      for (let i = 0; i < body.length; i++) {
        if (this.#execute(body[i], frame)) return this.#returned;
      }
      return node.kind === "initializer" ? args[0] : null;
    } catch (error) {
      // Leaving this call: add its line to the trace, and carry on from the caller's.
      const unwinding = asUnwinding(error, line);
      unwinding.trace.push(
        `[line ${unwinding.line}] in ${node.name.lexeme}()`,
      );
      unwinding.line = line;
      throw unwinding;
    } finally {
      this.#depth--;
    }
  }
}

/** A runtime error, or JavaScript's own stack running out, as an Unwinding. */
function asUnwinding(error: unknown, line: number): Unwinding {
  if (error instanceof Unwinding) return error;
  // Deeply nested expressions can exhaust JavaScript's stack before 64 Lox calls do.
  if (error instanceof RangeError) {
    return new Unwinding("Stack overflow.", line);
  }
  throw error;
}

function upvalueOf(frame: Frame, index: number): Upvalue {
  const closure = frame.closure;
  if (closure === null) {
    throw new Error("unreachable: the script has no upvalues");
  }
  return closure.upvalues[index];
}

/** The upvalue for `slot` of `frame`, shared if a closure already captured it. */
function capture(frame: Frame, slot: number): Upvalue {
  const open = frame.open ?? (frame.open = []);
  for (const upvalue of open) {
    if (upvalue.index === slot) return upvalue;
  }
  const created: Upvalue = { cells: frame.slots, index: slot };
  open.push(created);
  return created;
}

/** A block's end: give each captured local of the block a cell of its own. */
function closeLocals(frame: Frame, locals: readonly Local[]): void {
  const open = frame.open;
  if (open === null) return;
  for (const local of locals) {
    if (!local.captured) continue;
    const i = open.findIndex((u) => u.index === local.slot);
    if (i === -1) continue;
    const upvalue = open[i];
    open.splice(i, 1);
    upvalue.cells = [frame.slots[local.slot]];
    upvalue.index = 0;
  }
}

function isTruthy(value: TreeValue): boolean {
  return value !== null && value !== false;
}

function isInstance(value: TreeValue): value is TreeInstance {
  return typeof value === "object" && value !== null &&
    value.kind === "instance";
}

function isClass(value: TreeValue): value is TreeClass {
  return typeof value === "object" && value !== null && value.kind === "class";
}

/** A value as `print` shows it: exactly as the VM's `printValue`. */
function show(value: TreeValue): string {
  if (value === null) return "nil";
  switch (typeof value) {
    case "number":
      return formatNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return value;
  }
  switch (value.kind) {
    case "closure":
      return `<fn ${value.node.name.lexeme}>`;
    case "bound":
      return `<fn ${value.method.node.name.lexeme}>`;
    case "class":
      return value.name;
    case "instance":
      return `${value.klass.name} instance`;
    case "native":
      return "<native fn>";
  }
}

/** A line for a top-level statement, for the rare error found without one. */
function firstLine(stmt: Stmt): number {
  switch (stmt.type) {
    case "Expression":
    case "Print":
    case "Var":
    case "Return":
    case "Block":
      return stmt.end.line;
    case "If":
    case "While":
      return stmt.keyword.line;
    case "Function":
      return stmt.fn.name.line;
    case "Class":
      return stmt.name.line;
  }
}
