/**
 * The compiler: source in, bytecode out. It parses, resolves, and — when both passes
 * found no error — walks the tree emitting clox's instructions into one chunk per
 * function. All compile errors come back together, in source order.
 *
 * Lesson 12: the expressions are written as worked examples; the statements, jumps,
 * functions and classes are yours, in the order of the README's tasks.
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
} from "../10-lox-parser/ast.ts";
import { lastToken, leftSpine } from "../10-lox-parser/ast.ts";
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
} from "../10-lox-parser/errors.ts";
import { Op } from "./opcodes.ts";
import { optimizeChunk } from "./optimize.ts";
import { parse } from "../10-lox-parser/parser.ts";
import { resolve } from "../11-lox-resolver/resolver.ts";
import type { Token } from "../10-lox-parser/token.ts";
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

  /**
   * Emit a forward jump whose distance is not known yet, and return the offset of
   * its two operand bytes, for {@linkcode Generator.#patchJump} to fill in later.
   */
  #emitJump(op: number, line: number): number {
    // TODO: the opcode, then two placeholder bytes.
    void op, line;
    throw new Error("not implemented: emitting a forward jump (#emitJump)");
  }

  /**
   * Point the jump whose operand is at `offset` to the next byte to be written. The
   * distance counts from the byte after the operand; more than 65535 is the error
   * "Too much code to jump over.", reported at `at`.
   */
  #patchJump(offset: number, at: Token): void {
    // TODO: big-endian: high byte first.
    void offset, at;
    throw new Error("not implemented: patching a jump (#patchJump)");
  }

  /**
   * Emit a LOOP back to `loopStart`. Its distance counts from the byte after its own
   * operand; more than 65535 is the error "Loop body too large.", reported at `at`.
   */
  #emitLoop(loopStart: number, at: Token): void {
    void loopStart, at;
    throw new Error("not implemented: emitting a backward jump (#emitLoop)");
  }

  /** The implicit return: nil, or `this` (slot 0) from an initializer. */
  #emitReturn(line: number): void {
    void line;
    throw new Error("not implemented: the implicit return (#emitReturn)");
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

  /**
   * Make the value on top of the stack the declared variable's value: a global
   * (`declared` null) is defined by the name at `constant`; a local is a slot.
   */
  #define(declared: Local | null, constant: number, line: number): void {
    void declared, constant, line;
    throw new Error("not implemented: defining a variable (#define)");
  }

  /** Drop a scope's locals from the stack, the last declared first. */
  #endScope(locals: readonly Local[], line: number): void {
    // TODO: a local a closure captured must be closed, not just popped.
    void locals, line;
    throw new Error("not implemented: ending a scope (#endScope)");
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
      case "Var":
        // TODO: a global's name constant first (clox's order), then the initializer
        // (or nil), then define it. Lines: the name for nil, `end` for the define.
        throw new Error("not implemented: variable declarations (Var)");
      case "Block":
        // TODO: the statements, then end the scope of the locals it declared.
        throw new Error("not implemented: blocks (Block)");
      case "If":
        // TODO: condition; JUMP_IF_FALSE over the then-branch; POP the condition on
        // either path; JUMP over the else-branch. Lines: the condition's last token
        // for the first jump and its POP, `thenEnd` for the rest. A jump too long is
        // reported at `thenEnd` (the else-jump at `elseEnd`, if there is an else).
        throw new Error("not implemented: if statements (If)");
      case "While":
        // TODO: the loop starts before the condition (there may be none: `for (;;)`);
        // the increment, if any, runs after the body, then is popped; LOOP back. Lines:
        // the condition's last token for its jump and POP, the increment's for its
        // POP, `bodyEnd` for the rest; errors are reported at `bodyEnd` too.
        throw new Error("not implemented: while and for loops (While)");
      case "Function":
        // TODO: like Var, with the function's closure as the value, defined on the
        // line of its closing brace (`stmt.fn.end`).
        throw new Error("not implemented: function declarations (Function)");
      case "Return":
        // TODO: `return;` is the implicit return; `return value;` returns the value.
        // Line: the semicolon (`end`).
        throw new Error("not implemented: return statements (Return)");
      case "Class":
        this.#class(stmt);
        return;
    }
  }

  /**
   * A class: CLASS and define it; with a superclass, push it (it becomes the hidden
   * `super` local) and the class, and INHERIT; then the class again (`self`), each
   * method as a closure followed by METHOD, a POP, and the end of `super`'s scope.
   */
  #class(stmt: ClassStmt): void {
    // TODO: lines: the class name's for CLASS, the define and each load of the class
    // (`#load(stmt.self, stmt.name)`), the superclass name's for INHERIT, each
    // method's closing brace for its METHOD, `end` for the POP and the scope's end.
    void stmt;
    throw new Error("not implemented: class declarations (#class)");
  }

  /**
   * A function: compile its body with a new Generator, then CLOSURE with the
   * finished function as a constant, followed by two bytes (isLocal, index) per
   * variable it captures. All on the line of its closing brace.
   */
  #function(node: FunctionNode): void {
    void node;
    throw new Error("not implemented: functions and closures (#function)");
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
      case "Set":
        // TODO: object, name constant, value, SET_PROPERTY (line: the value's end).
        throw new Error("not implemented: property assignment (Set)");
      case "This":
        // TODO: `this` is a variable the resolver has already placed.
        throw new Error("not implemented: this (This)");
      case "Super":
        // TODO: name constant, then `this`, then the superclass (both loaded on the
        // keyword's line); GET_SUPER on the method name's line.
        throw new Error("not implemented: super.method (Super)");
    }
  }

  /** An operator and its right operand, its left operand's value already pushed. */
  #operation(expr: OperatorExpr): void {
    if (expr.type === "Binary") {
      this.#expression(expr.right);
      this.#binaryOp(expr.operator, lastToken(expr.right).line);
      return;
    }
    // TODO: `and` and `or` keep the left value when it decides, and otherwise POP it
    // and evaluate the right. clox builds `or` from JUMP_IF_FALSE and JUMP.
    // Lines: the operator's for the jumps and the POP. A jump too long is reported
    // at the right side's last token (`lastToken(expr.right)`), except the jump
    // `or` takes to reach its right side, reported at the operator.
    throw new Error("not implemented: and / or (#operation)");
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

  /**
   * `name = value`: the value, then SET_LOCAL, SET_UPVALUE or SET_GLOBAL, which
   * leave it on the stack (an assignment is an expression). Line: the value's end.
   */
  #assign(expr: Extract<Expr, { type: "Assign" }>): void {
    // TODO: like Var, a global's name constant comes before the value's constants.
    void expr;
    throw new Error("not implemented: assignment (#assign)");
  }

  /**
   * Calls: callee, arguments, CALL with the argument count. `a.m(x)` becomes one
   * INVOKE (name constant, argument count) and `super.m(x)` one SUPER_INVOKE, as in
   * clox. Line: the closing parenthesis.
   */
  #call(expr: Extract<Expr, { type: "Call" }>): void {
    // TODO: the plain call first; the two invoke forms once classes work.
    void expr;
    throw new Error("not implemented: calls (#call)");
  }
}
