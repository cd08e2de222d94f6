/**
 * The compiler: source in, bytecode out. It parses, resolves, and — when both passes
 * found no error — walks the tree emitting clox's instructions into one chunk per
 * function. All compile errors come back together, in source order.
 *
 * @module
 */

import type {
  Binding,
  ClassStmt,
  Expr,
  FunctionNode,
  Local,
  OperatorExpr,
  Stmt,
} from "../../lessons/10-lox-parser/ast.ts";
import { lastToken, leftSpine } from "../../lessons/10-lox-parser/ast.ts";
import {
  addConstant,
  type ChunkWriter,
  finishChunk,
  MAX_CONSTANTS,
  newChunkWriter,
  writeByte,
} from "./chunk.ts";
import {
  CompileError,
  LoxInternalError,
  sortErrors,
} from "../../lessons/10-lox-parser/errors.ts";
import { Op } from "./opcodes.ts";
import { optimizeChunk } from "./optimize.ts";
import { parse } from "../../lessons/10-lox-parser/parser.ts";
import { resolve } from "../../lessons/11-lox-resolver/resolver.ts";
import type { Token } from "../../lessons/10-lox-parser/token.ts";
import { type LoxFunction, newFunction, type Value } from "./value.ts";

/** What `compile` answers: the script's function, or every error. */
export type CompileResult =
  | { readonly fn: LoxFunction }
  | { readonly errors: CompileError[] };

/** Compiler options. */
export interface CompileOptions {
  /** Fuse common instruction sequences into superinstructions (default true); off,
   * only the book's instructions are used. */
  readonly optimize?: boolean;
}

/**
 * Compile a whole program to the function that runs it.
 *
 * @example
 * ```ts
 * const result = compile("print 1 + 2;");
 * if ("fn" in result) disassemble(result.fn); // OP_CONSTANT, OP_CONSTANT, OP_ADD, ...
 * ```
 */
export function compile(
  source: string,
  options: CompileOptions = {},
): CompileResult {
  try {
    const { program, errors: syntaxErrors } = parse(source);
    const errors = [...syntaxErrors, ...resolve(program)];
    if (errors.length > 0) return { errors: sortErrors(errors) };
    const generator = new Generator(null, "script", null, options.optimize);
    generator.statements(program.statements);
    const fn = generator.finish(program.end);
    if (generator.errors.length > 0) return { errors: generator.errors };
    return { fn };
  } catch (error) {
    // Only absurd nesting (thousands of parentheses) exhausts the JavaScript stack.
    if (error instanceof RangeError) return { errors: [tooDeep(source)] };
    throw error;
  }
}

function tooDeep(source: string): CompileError {
  const end: Token = {
    type: "EOF",
    lexeme: "",
    line: 1,
    offset: source.length,
  };
  return new CompileError(end, "Program nested too deeply.");
}

type FunctionKind = "script" | FunctionNode["kind"];

/** Emits the code of one function; nested functions get their own generator. */
class Generator {
  readonly #chunk: ChunkWriter = newChunkWriter();
  readonly #kind: FunctionKind;
  readonly #name: string | null;
  readonly errors: CompileError[];
  readonly #optimize: boolean;
  #panic = false;

  constructor(
    parent: Generator | null,
    kind: FunctionKind,
    name: string | null,
    optimize = true,
  ) {
    this.#kind = kind;
    this.#name = name;
    this.#optimize = parent ? parent.#optimize : optimize;
    // One list for the whole program, in the order errors are found.
    this.errors = parent ? parent.errors : [];
  }

  // ---- Emitting ----

  #emit(byte: number, line: number): void {
    writeByte(this.#chunk, byte, line);
  }

  #emit2(op: number, operand: number, line: number): void {
    writeByte(this.#chunk, op, line);
    writeByte(this.#chunk, operand, line);
  }

  #error(token: Token, message: string): void {
    if (this.#panic) return;
    this.#panic = true;
    this.errors.push(new CompileError(token, message));
  }

  #makeConstant(value: Value, token: Token): number {
    const index = addConstant(this.#chunk, value);
    if (index >= MAX_CONSTANTS) {
      this.#error(token, "Too many constants in one chunk.");
      return 0;
    }
    return index;
  }

  #nameConstant(name: Token): number {
    return this.#makeConstant(name.lexeme, name);
  }

  #emitJump(op: number, line: number): number {
    this.#emit(op, line);
    this.#emit(0xff, line);
    this.#emit(0xff, line);
    return this.#chunk.code.length - 2;
  }

  /** Point the jump at `offset` to here; `at` is where clox would report it. */
  #patchJump(offset: number, at: Token): void {
    const jump = this.#chunk.code.length - offset - 2;
    if (jump > 0xffff) this.#error(at, "Too much code to jump over.");
    this.#chunk.code[offset] = (jump >> 8) & 0xff;
    this.#chunk.code[offset + 1] = jump & 0xff;
  }

  #emitLoop(loopStart: number, at: Token): void {
    this.#emit(Op.LOOP, at.line);
    const offset = this.#chunk.code.length - loopStart + 2;
    if (offset > 0xffff) this.#error(at, "Loop body too large.");
    this.#emit((offset >> 8) & 0xff, at.line);
    this.#emit(offset & 0xff, at.line);
  }

  #emitReturn(line: number): void {
    if (this.#kind === "initializer") this.#emit2(Op.GET_LOCAL, 0, line);
    else this.#emit(Op.NIL, line);
    this.#emit(Op.RETURN, line);
  }

  /** End the function: its implicit return, then the finished function object. */
  finish(end: Token, arity = 0, upvalueCount = 0): LoxFunction {
    this.#emitReturn(end.line);
    if (this.#optimize) optimizeChunk(this.#chunk);
    return newFunction(
      this.#name,
      arity,
      upvalueCount,
      finishChunk(this.#chunk),
    );
  }

  // ---- Variables ----

  #load(binding: Binding | null, name: Token): void {
    if (binding === null) {
      throw new LoxInternalError(`unresolved name '${name.lexeme}'`);
    }
    switch (binding.kind) {
      case "local":
        return this.#emit2(Op.GET_LOCAL, binding.slot, name.line);
      case "upvalue":
        return this.#emit2(Op.GET_UPVALUE, binding.index, name.line);
      case "global":
        return this.#emit2(Op.GET_GLOBAL, this.#nameConstant(name), name.line);
    }
  }

  /** Make the value on top of the stack the declared variable's value. */
  #define(declared: Local | null, constant: number, line: number): void {
    // A local's value simply stays where it is: that stack slot is the variable.
    if (declared === null) this.#emit2(Op.DEFINE_GLOBAL, constant, line);
  }

  #endScope(locals: readonly Local[], line: number): void {
    for (let i = locals.length - 1; i >= 0; i--) {
      this.#emit(locals[i].captured ? Op.CLOSE_UPVALUE : Op.POP, line);
    }
  }

  // ---- Statements ----

  /** A list of declarations; like clox, an error is cleared at a declaration's end. */
  statements(statements: readonly Stmt[]): void {
    for (const stmt of statements) {
      this.#statement(stmt);
      this.#panic = false;
    }
  }

  #statement(stmt: Stmt): void {
    switch (stmt.type) {
      case "Expression":
        this.#expression(stmt.expression);
        this.#emit(Op.POP, stmt.end.line);
        return;
      case "Print":
        this.#expression(stmt.expression);
        this.#emit(Op.PRINT, stmt.end.line);
        return;
      case "Var": {
        // clox names a global before compiling its initializer: keep its constant order.
        const constant = stmt.declared === null
          ? this.#nameConstant(stmt.name)
          : 0;
        if (stmt.initializer) this.#expression(stmt.initializer);
        else this.#emit(Op.NIL, stmt.name.line);
        this.#define(stmt.declared, constant, stmt.end.line);
        return;
      }
      case "Block":
        this.statements(stmt.statements);
        this.#endScope(stmt.locals, stmt.end.line);
        return;
      case "If": {
        this.#expression(stmt.condition);
        const line = lastToken(stmt.condition).line;
        const thenJump = this.#emitJump(Op.JUMP_IF_FALSE, line);
        this.#emit(Op.POP, line);
        this.#statement(stmt.thenBranch);
        const elseJump = this.#emitJump(Op.JUMP, stmt.thenEnd.line);
        this.#patchJump(thenJump, stmt.thenEnd);
        this.#emit(Op.POP, stmt.thenEnd.line);
        if (stmt.elseBranch) this.#statement(stmt.elseBranch);
        this.#patchJump(elseJump, stmt.elseEnd ?? stmt.thenEnd);
        return;
      }
      case "While": {
        const loopStart = this.#chunk.code.length;
        let exitJump = -1;
        if (stmt.condition) {
          this.#expression(stmt.condition);
          const line = lastToken(stmt.condition).line;
          exitJump = this.#emitJump(Op.JUMP_IF_FALSE, line);
          this.#emit(Op.POP, line);
        }
        this.#statement(stmt.body);
        if (stmt.increment) {
          this.#expression(stmt.increment);
          this.#emit(Op.POP, lastToken(stmt.increment).line);
        }
        this.#emitLoop(loopStart, stmt.bodyEnd);
        if (exitJump !== -1) {
          this.#patchJump(exitJump, stmt.bodyEnd);
          this.#emit(Op.POP, stmt.bodyEnd.line);
        }
        return;
      }
      case "Function": {
        const constant = stmt.declared === null
          ? this.#nameConstant(stmt.fn.name)
          : 0;
        this.#function(stmt.fn);
        this.#define(stmt.declared, constant, stmt.fn.end.line);
        return;
      }
      case "Return":
        if (stmt.value === null) {
          this.#emitReturn(stmt.end.line);
        } else {
          this.#expression(stmt.value);
          this.#emit(Op.RETURN, stmt.end.line);
        }
        return;
      case "Class":
        this.#class(stmt);
        return;
    }
  }

  #class(stmt: ClassStmt): void {
    const name = stmt.name;
    const constant = this.#nameConstant(name);
    this.#emit2(Op.CLASS, constant, name.line);
    this.#define(stmt.declared, constant, name.line);
    if (stmt.superclass) {
      // The superclass value becomes the hidden `super` local.
      this.#expression(stmt.superclass);
      this.#load(stmt.self, name);
      this.#emit(Op.INHERIT, stmt.superclass.name.line);
    }
    this.#load(stmt.self, name);
    for (const method of stmt.methods) {
      const methodName = this.#nameConstant(method.name);
      this.#function(method);
      this.#emit2(Op.METHOD, methodName, method.end.line);
    }
    this.#emit(Op.POP, stmt.end.line);
    if (stmt.superLocal) this.#endScope([stmt.superLocal], stmt.end.line);
  }

  #function(node: FunctionNode): void {
    const inner = new Generator(this, node.kind, node.name.lexeme);
    inner.statements(node.body);
    const fn = inner.finish(node.end, node.params.length, node.upvalues.length);
    const line = node.end.line;
    this.#emit2(Op.CLOSURE, this.#makeConstant(fn, node.end), line);
    for (const upvalue of node.upvalues) {
      this.#emit(upvalue.isLocal ? 1 : 0, line);
      this.#emit(upvalue.index, line);
    }
  }

  // ---- Expressions ----

  #expression(expr: Expr): void {
    switch (expr.type) {
      case "Literal": {
        const { value, token } = expr;
        if (value === null) this.#emit(Op.NIL, token.line);
        else if (value === true) this.#emit(Op.TRUE, token.line);
        else if (value === false) this.#emit(Op.FALSE, token.line);
        else {
          this.#emit2(
            Op.CONSTANT,
            this.#makeConstant(value, token),
            token.line,
          );
        }
        return;
      }
      case "Grouping":
        this.#expression(expr.expression);
        return;
      case "Unary": {
        this.#expression(expr.right);
        const line = lastToken(expr.right).line;
        this.#emit(expr.operator.type === "MINUS" ? Op.NEGATE : Op.NOT, line);
        return;
      }
      case "Binary":
      case "Logical": {
        const spine = leftSpine(expr);
        this.#expression(spine[spine.length - 1].left);
        for (let i = spine.length - 1; i >= 0; i--) this.#operation(spine[i]);
        return;
      }
      case "Variable":
        this.#load(expr.binding, expr.name);
        return;
      case "Assign":
        this.#assign(expr);
        return;
      case "Call":
        this.#call(expr);
        return;
      case "Get": {
        this.#expression(expr.object);
        const name = this.#nameConstant(expr.name);
        this.#emit2(Op.GET_PROPERTY, name, expr.name.line);
        return;
      }
      case "Set": {
        this.#expression(expr.object);
        const name = this.#nameConstant(expr.name);
        this.#expression(expr.value);
        this.#emit2(Op.SET_PROPERTY, name, lastToken(expr.value).line);
        return;
      }
      case "This":
        this.#load(expr.binding, expr.keyword);
        return;
      case "Super": {
        const name = this.#nameConstant(expr.method);
        this.#load(expr.thisBinding, expr.keyword);
        this.#load(expr.superBinding, expr.keyword);
        this.#emit2(Op.GET_SUPER, name, expr.method.line);
        return;
      }
    }
  }

  /** An operator and its right operand, its left operand's value already pushed. */
  #operation(expr: OperatorExpr): void {
    if (expr.type === "Binary") {
      this.#expression(expr.right);
      this.#binaryOp(expr.operator, lastToken(expr.right).line);
      return;
    }
    const line = expr.operator.line;
    const end = lastToken(expr.right);
    if (expr.operator.type === "AND") {
      const endJump = this.#emitJump(Op.JUMP_IF_FALSE, line);
      this.#emit(Op.POP, line);
      this.#expression(expr.right);
      this.#patchJump(endJump, end);
    } else {
      const elseJump = this.#emitJump(Op.JUMP_IF_FALSE, line);
      const endJump = this.#emitJump(Op.JUMP, line);
      this.#patchJump(elseJump, expr.operator);
      this.#emit(Op.POP, line);
      this.#expression(expr.right);
      this.#patchJump(endJump, end);
    }
  }

  #binaryOp(operator: Token, line: number): void {
    switch (operator.type) {
      case "BANG_EQUAL":
        this.#emit(Op.EQUAL, line);
        return this.#emit(Op.NOT, line);
      case "EQUAL_EQUAL":
        return this.#emit(Op.EQUAL, line);
      case "GREATER":
        return this.#emit(Op.GREATER, line);
      case "GREATER_EQUAL":
        this.#emit(Op.LESS, line);
        return this.#emit(Op.NOT, line);
      case "LESS":
        return this.#emit(Op.LESS, line);
      case "LESS_EQUAL":
        this.#emit(Op.GREATER, line);
        return this.#emit(Op.NOT, line);
      case "PLUS":
        return this.#emit(Op.ADD, line);
      case "MINUS":
        return this.#emit(Op.SUBTRACT, line);
      case "STAR":
        return this.#emit(Op.MULTIPLY, line);
      case "SLASH":
        return this.#emit(Op.DIVIDE, line);
    }
    throw new LoxInternalError(`not a binary operator: ${operator.lexeme}`);
  }

  #assign(expr: Extract<Expr, { type: "Assign" }>): void {
    const { binding, name } = expr;
    if (binding === null) {
      throw new LoxInternalError(`unresolved name '${name.lexeme}'`);
    }
    // clox names a global before compiling the value: keep its constant order.
    const constant = binding.kind === "global" ? this.#nameConstant(name) : 0;
    this.#expression(expr.value);
    const line = lastToken(expr.value).line;
    switch (binding.kind) {
      case "local":
        return this.#emit2(Op.SET_LOCAL, binding.slot, line);
      case "upvalue":
        return this.#emit2(Op.SET_UPVALUE, binding.index, line);
      case "global":
        return this.#emit2(Op.SET_GLOBAL, constant, line);
    }
  }

  /** Calls; `a.m(x)` and `super.m(x)` become single invoke instructions, as in clox. */
  #call(expr: Extract<Expr, { type: "Call" }>): void {
    const { callee, args, paren } = expr;
    if (callee.type === "Get") {
      this.#expression(callee.object);
      const name = this.#nameConstant(callee.name);
      for (const arg of args) this.#expression(arg);
      this.#emit2(Op.INVOKE, name, paren.line);
      this.#emit(args.length, paren.line);
      return;
    }
    if (callee.type === "Super") {
      const name = this.#nameConstant(callee.method);
      this.#load(callee.thisBinding, callee.keyword);
      for (const arg of args) this.#expression(arg);
      this.#load(callee.superBinding, callee.keyword);
      this.#emit2(Op.SUPER_INVOKE, name, paren.line);
      this.#emit(args.length, paren.line);
      return;
    }
    this.#expression(callee);
    for (const arg of args) this.#expression(arg);
    this.#emit2(Op.CALL, args.length, paren.line);
  }
}
