/**
 * The parser: recursive descent for statements, Pratt parsing for expressions, in the
 * order of clox's compiler. Errors follow clox's panic mode: the first error in a
 * declaration is recorded, later ones are suppressed until the parser skips to the
 * next statement boundary. A declaration that had an error is left out of the tree,
 * so the resolver only ever sees well-formed code.
 *
 * Given: the token helpers (advance, check, match, consume), the error helpers
 * (error, errorAtCurrent), the Pratt table RULES, and worked examples of each kind
 * of rule (varDeclaration, printStatement, whileStatement, grouping, number,
 * string, literal, this). Yours: the TODOs, in the order the README gives.
 *
 * @module
 */

import type { BlockStmt, Expr, FunctionNode, Program, Stmt } from "./ast.ts";
// You will want these too: ClassStmt and VariableExpr from "./ast.ts".
import { CompileError } from "./errors.ts";
import { Scanner } from "./scanner.ts";
import type { Token, TokenType } from "./token.ts";

/** Binding strength, weakest first; a Pratt parser climbs it. */
const enum Prec {
  None,
  Assignment, // =
  Or, // or
  And, // and
  Equality, // == !=
  Comparison, // < > <= >=
  Term, // + -
  Factor, // * /
  Unary, // ! -
  Call, // . ()
  Primary,
}

/** The most parameters or arguments one call may have. */
export const MAX_ARGS = 255;

/** What the parser returns: the tree, and every syntax error in source order. */
export interface ParseResult {
  readonly program: Program;
  readonly errors: CompileError[];
}

/**
 * Parse a whole program.
 *
 * @example
 * ```ts
 * const { program, errors } = parse("print 1 + 2;");
 * program.statements[0].type; // "Print"
 * errors.length; // 0
 * ```
 */
export function parse(source: string): ParseResult {
  return new Parser(source).parseProgram();
}

type PrefixRule = (p: Parser, canAssign: boolean) => Expr;
type InfixRule = (p: Parser, left: Expr, canAssign: boolean) => Expr;

interface Rule {
  readonly prefix: PrefixRule | null;
  readonly infix: InfixRule | null;
  readonly precedence: Prec;
}

class Parser {
  readonly #scanner: Scanner;
  readonly errors: CompileError[] = [];
  previous: Token;
  current: Token;
  #panicMode = false;

  constructor(source: string) {
    this.#scanner = new Scanner(source);
    const start: Token = { type: "EOF", lexeme: "", line: 1, offset: 0 };
    this.previous = start;
    this.current = start;
    this.advance();
  }

  parseProgram(): ParseResult {
    const statements: Stmt[] = [];
    while (!this.match("EOF")) {
      const stmt = this.declaration();
      if (stmt) statements.push(stmt);
    }
    return {
      program: { type: "Program", statements, end: this.previous },
      errors: this.errors,
    };
  }

  // ---- Tokens ----

  advance(): void {
    this.previous = this.current;
    for (;;) {
      this.current = this.#scanner.scanToken();
      if (this.current.type !== "ERROR") break;
      this.errorAtCurrent(this.current.lexeme);
    }
  }

  check(type: TokenType): boolean {
    return this.current.type === type;
  }

  match(type: TokenType): boolean {
    if (!this.check(type)) return false;
    this.advance();
    return true;
  }

  consume(type: TokenType, message: string): Token {
    if (this.check(type)) {
      this.advance();
    } else {
      this.errorAtCurrent(message);
    }
    return this.previous;
  }

  // ---- Errors ----

  error(message: string): void {
    this.errorAt(this.previous, message);
  }

  errorAtCurrent(message: string): void {
    this.errorAt(this.current, message);
  }

  /**
   * Record `message` at `token` as a {@linkcode CompileError}, unless the parser is
   * already in panic mode: then this error is most likely a knock-on of the first
   * one, and is dropped. Recording an error puts the parser into panic mode.
   */
  errorAt(token: Token, message: string): void {
    // TODO: drop the error while #panicMode is on; else turn #panicMode on and push
    // a new CompileError(token, message) onto this.errors.
    void token, message;
    throw new Error("not implemented: errorAt (panic mode)");
  }

  /** Skip to a likely statement boundary so one mistake yields one error. */
  synchronize(): void {
    // TODO: leave panic mode, then skip tokens until the one just passed is a `;`,
    // or the next one starts a statement (class, fun, var, for, if, while, print,
    // return), or the input ends.
    throw new Error("not implemented: synchronize");
  }

  // ---- Declarations ----

  /** One declaration, or null when it had a syntax error (it was reported). */
  declaration(): Stmt | null {
    let stmt: Stmt;
    if (this.match("CLASS")) stmt = this.classDeclaration();
    else if (this.match("FUN")) stmt = this.funDeclaration();
    else if (this.match("VAR")) stmt = this.varDeclaration();
    else stmt = this.statement();
    if (this.#panicMode) {
      // TODO: the declaration had an error (already reported): recover, and leave
      // it out of the tree.
      throw new Error("not implemented: declaration (recovery after an error)");
    }
    return stmt;
  }

  /**
   * `class Name < Super { method() {} ... }`, after `class`. A method named `init`
   * is an initializer. Messages: `Expect class name.`, `Expect superclass name.`,
   * `A class can't inherit from itself.` (at the superclass name),
   * `Expect '{' before class body.`, `Expect method name.`,
   * `Expect '}' after class body.`
   */
  classDeclaration(): Stmt {
    // TODO: build a ClassStmt: the superclass is a VariableExpr (binding: null);
    // each method comes from this.function(kind, methodName); `end` is the `}`; the
    // resolver's fields (declared, self, superLocal) start as null.
    throw new Error("not implemented: classDeclaration");
  }

  funDeclaration(): Stmt {
    const name = this.consume("IDENTIFIER", "Expect function name.");
    return {
      type: "Function",
      fn: this.function("function", name),
      declared: null,
    };
  }

  /**
   * The rest of a function or method after its name: `(params) { body }`. Messages:
   * `Expect '(' after function name.`, `Expect parameter name.`,
   * `Can't have more than 255 parameters.` (at the 256th, before it is consumed),
   * `Expect ')' after parameters.`, `Expect '{' before function body.`
   */
  function(kind: FunctionNode["kind"], name: Token): FunctionNode {
    // TODO: the parameters are a comma-separated list of identifiers, possibly empty;
    // the body is this.blockBody(); `end` is the closing brace; paramLocals and
    // upvalues (the resolver's) start empty.
    void kind, name, MAX_ARGS;
    throw new Error("not implemented: function (parameters and body)");
  }

  varDeclaration(): Stmt {
    const name = this.consume("IDENTIFIER", "Expect variable name.");
    const initializer = this.match("EQUAL") ? this.expression() : null;
    const end = this.consume(
      "SEMICOLON",
      "Expect ';' after variable declaration.",
    );
    return { type: "Var", name, initializer, end, declared: null };
  }

  // ---- Statements ----

  statement(): Stmt {
    if (this.match("PRINT")) return this.printStatement();
    if (this.match("FOR")) return this.forStatement();
    if (this.match("IF")) return this.ifStatement();
    if (this.match("RETURN")) return this.returnStatement();
    if (this.match("WHILE")) return this.whileStatement();
    if (this.match("LEFT_BRACE")) {
      const statements = this.blockBody();
      return this.block(statements, this.previous);
    }
    return this.expressionStatement();
  }

  block(statements: Stmt[], end: Token): BlockStmt {
    return { type: "Block", statements, end, locals: [] };
  }

  /** The declarations up to a closing brace, which it consumes. */
  blockBody(): Stmt[] {
    const statements: Stmt[] = [];
    while (!this.check("RIGHT_BRACE") && !this.check("EOF")) {
      const stmt = this.declaration();
      if (stmt) statements.push(stmt);
    }
    this.consume("RIGHT_BRACE", "Expect '}' after block.");
    return statements;
  }

  printStatement(): Stmt {
    const keyword = this.previous;
    const expression = this.expression();
    const end = this.consume("SEMICOLON", "Expect ';' after value.");
    return { type: "Print", keyword, expression, end };
  }

  expressionStatement(): Stmt {
    const expression = this.expression();
    const end = this.consume("SEMICOLON", "Expect ';' after expression.");
    return { type: "Expression", expression, end };
  }

  /** `return;` or `return value;`, after `return`. */
  returnStatement(): Stmt {
    // TODO: a ReturnStmt; its value is null when a `;` follows at once. Message:
    // `Expect ';' after return value.`
    throw new Error("not implemented: returnStatement");
  }

  /**
   * `if (condition) statement else statement`, after `if`; the `else` part is
   * optional and belongs to the nearest `if`. Messages: `Expect '(' after 'if'.`,
   * `Expect ')' after condition.`
   */
  ifStatement(): Stmt {
    // TODO: an IfStmt (whileStatement below is a worked example of the shape).
    // thenEnd and elseEnd are the last token of each branch (this.previous just
    // after parsing it); elseBranch and elseEnd are null without an `else`.
    throw new Error("not implemented: ifStatement");
  }

  whileStatement(): Stmt {
    const keyword = this.previous;
    this.consume("LEFT_PAREN", "Expect '(' after 'while'.");
    const condition = this.expression();
    this.consume("RIGHT_PAREN", "Expect ')' after condition.");
    const body = this.statement();
    return {
      type: "While",
      keyword,
      condition,
      body,
      increment: null,
      bodyEnd: this.previous,
    };
  }

  /**
   * `for (initializer; condition; increment) body`, after `for`, each clause
   * optional. There is no ForStmt: as in clox, it becomes a block holding the
   * initializer (if any) and a WhileStmt that carries the condition (null when
   * left out) and the increment. Messages: `Expect '(' after 'for'.`,
   * `Expect ';' after loop condition.`, `Expect ')' after for clauses.`
   */
  forStatement(): Stmt {
    // TODO: the initializer is nothing (`;`), a var declaration, or an expression
    // statement. The block ends, like the loop, at the last token of the body.
    void this.block;
    throw new Error("not implemented: forStatement");
  }

  // ---- Expressions ----

  expression(): Expr {
    return this.parsePrecedence(Prec.Assignment);
  }

  /**
   * The heart of Pratt parsing: parse an expression whose operators all bind at
   * least as tightly as `precedence`. Take one token and let its prefix rule start
   * the expression (no prefix rule: `Expect expression.` at that token); then, while
   * the next token is an infix operator of `precedence` or tighter, take it and let
   * its infix rule extend the expression built so far.
   *
   * Only an expression parsed at assignment level may be assigned to
   * (`canAssign`): in `a + b = c` the `b` is parsed at term level, so its rule
   * leaves the `=` alone, and an `=` still there at the end is
   * `Invalid assignment target.`
   */
  parsePrecedence(precedence: Prec): Expr {
    // TODO: after an `Expect expression.` error, return a nil Literal at the
    // offending token, so the caller has a tree to carry on with.
    void precedence, RULES;
    throw new Error("not implemented: parsePrecedence");
  }

  /**
   * The arguments of a call, after `(` and up to (not including) `)`; possibly
   * none. More than 255 is `Can't have more than 255 arguments.`, reported at the
   * end of the 256th argument.
   */
  argumentList(): Expr[] {
    throw new Error("not implemented: argumentList");
  }
}

// ---- The Pratt table: for each token, how it starts or continues an expression ----

const grouping: PrefixRule = (p) => {
  const expression = p.expression();
  const paren = p.consume("RIGHT_PAREN", "Expect ')' after expression.");
  return { type: "Grouping", expression, paren };
};

const number: PrefixRule = (p) => ({
  type: "Literal",
  value: Number(p.previous.lexeme),
  token: p.previous,
});

const string: PrefixRule = (p) => ({
  type: "Literal",
  value: p.previous.lexeme.slice(1, -1),
  token: p.previous,
});

const literal: PrefixRule = (p) => {
  const token = p.previous;
  const value = token.type === "TRUE"
    ? true
    : token.type === "FALSE"
    ? false
    : null;
  return { type: "Literal", value, token };
};

/** `-x`, `!x`: the operand binds at least as tightly as a unary operator. */
const unary: PrefixRule = (p) => {
  // TODO: a UnaryExpr of p.previous and the operand.
  void p;
  throw new Error("not implemented: unary");
};

/** `name`, or `name = value` where assignment is allowed (it is right-associative). */
const variable: PrefixRule = (p, canAssign) => {
  // TODO: an AssignExpr or a VariableExpr, binding: null (the resolver fills it).
  void p, canAssign;
  throw new Error("not implemented: variable");
};

const this_: PrefixRule = (p) => ({
  type: "This",
  keyword: p.previous,
  binding: null,
});

/**
 * `super.method`. Messages: `Expect '.' after 'super'.`,
 * `Expect superclass method name.` (Whether `super` is allowed here is the
 * resolver's business, next lesson.)
 */
const super_: PrefixRule = (p) => {
  // TODO: a SuperExpr; both bindings start as null.
  void p;
  throw new Error("not implemented: super");
};

/**
 * `left op right` for arithmetic, comparison and equality. The right operand binds
 * one level tighter than the operator, so `1 - 2 - 3` is `(1 - 2) - 3`.
 */
const binary: InfixRule = (p, left) => {
  // TODO: a BinaryExpr; the operator is p.previous, its level is in RULES.
  void p, left;
  throw new Error("not implemented: binary");
};

/** `left and right`, `left or right`: parsed as binary, kept apart as LogicalExpr. */
const logical: InfixRule = (p, left) => {
  void p, left;
  throw new Error("not implemented: logical");
};

/** `callee(args)`, after the `(`. Message: `Expect ')' after arguments.` */
const call: InfixRule = (p, callee) => {
  // TODO: a CallExpr; its `paren` is the closing parenthesis.
  void p, callee;
  throw new Error("not implemented: call");
};

/**
 * `object.name` (a GetExpr), or `object.name = value` (a SetExpr) where assignment
 * is allowed. Message: `Expect property name after '.'.`
 */
const dot: InfixRule = (p, object, canAssign) => {
  void p, object, canAssign;
  throw new Error("not implemented: dot (property get and set)");
};

function rule(
  prefix: PrefixRule | null,
  infix: InfixRule | null,
  precedence: Prec,
): Rule {
  return { prefix, infix, precedence };
}

const NONE = rule(null, null, Prec.None);

const RULES: Readonly<Record<TokenType, Rule>> = {
  LEFT_PAREN: rule(grouping, call, Prec.Call),
  RIGHT_PAREN: NONE,
  LEFT_BRACE: NONE,
  RIGHT_BRACE: NONE,
  COMMA: NONE,
  DOT: rule(null, dot, Prec.Call),
  MINUS: rule(unary, binary, Prec.Term),
  PLUS: rule(null, binary, Prec.Term),
  SEMICOLON: NONE,
  SLASH: rule(null, binary, Prec.Factor),
  STAR: rule(null, binary, Prec.Factor),
  BANG: rule(unary, null, Prec.None),
  BANG_EQUAL: rule(null, binary, Prec.Equality),
  EQUAL: NONE,
  EQUAL_EQUAL: rule(null, binary, Prec.Equality),
  GREATER: rule(null, binary, Prec.Comparison),
  GREATER_EQUAL: rule(null, binary, Prec.Comparison),
  LESS: rule(null, binary, Prec.Comparison),
  LESS_EQUAL: rule(null, binary, Prec.Comparison),
  IDENTIFIER: rule(variable, null, Prec.None),
  STRING: rule(string, null, Prec.None),
  NUMBER: rule(number, null, Prec.None),
  AND: rule(null, logical, Prec.And),
  CLASS: NONE,
  ELSE: NONE,
  FALSE: rule(literal, null, Prec.None),
  FOR: NONE,
  FUN: NONE,
  IF: NONE,
  NIL: rule(literal, null, Prec.None),
  OR: rule(null, logical, Prec.Or),
  PRINT: NONE,
  RETURN: NONE,
  SUPER: rule(super_, null, Prec.None),
  THIS: rule(this_, null, Prec.None),
  TRUE: rule(literal, null, Prec.None),
  VAR: NONE,
  WHILE: NONE,
  ERROR: NONE,
  EOF: NONE,
};
