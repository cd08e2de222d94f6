/**
 * The parser: recursive descent for statements, Pratt parsing for expressions, in the
 * order of clox's compiler. Errors follow clox's panic mode: the first error in a
 * declaration is recorded, later ones are suppressed until the parser skips to the
 * next statement boundary. A declaration that had an error is left out of the tree,
 * so the resolver only ever sees well-formed code.
 *
 * @module
 */

import type {
  BlockStmt,
  ClassStmt,
  Expr,
  FunctionNode,
  Program,
  Stmt,
  VariableExpr,
} from "./ast.ts";
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

  errorAt(token: Token, message: string): void {
    if (this.#panicMode) return;
    this.#panicMode = true;
    this.errors.push(new CompileError(token, message));
  }

  /** Skip to a likely statement boundary so one mistake yields one error. */
  synchronize(): void {
    this.#panicMode = false;
    while (this.current.type !== "EOF") {
      if (this.previous.type === "SEMICOLON") return;
      switch (this.current.type) {
        case "CLASS":
        case "FUN":
        case "VAR":
        case "FOR":
        case "IF":
        case "WHILE":
        case "PRINT":
        case "RETURN":
          return;
      }
      this.advance();
    }
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
      this.synchronize();
      return null;
    }
    return stmt;
  }

  classDeclaration(): Stmt {
    const name = this.consume("IDENTIFIER", "Expect class name.");
    let superclass: VariableExpr | null = null;
    if (this.match("LESS")) {
      const superName = this.consume("IDENTIFIER", "Expect superclass name.");
      superclass = { type: "Variable", name: superName, binding: null };
      if (superName.lexeme === name.lexeme) {
        this.error("A class can't inherit from itself.");
      }
    }
    this.consume("LEFT_BRACE", "Expect '{' before class body.");
    const methods: FunctionNode[] = [];
    while (!this.check("RIGHT_BRACE") && !this.check("EOF")) {
      const methodName = this.consume("IDENTIFIER", "Expect method name.");
      const kind = methodName.lexeme === "init" ? "initializer" : "method";
      methods.push(this.function(kind, methodName));
    }
    const end = this.consume("RIGHT_BRACE", "Expect '}' after class body.");
    const stmt: ClassStmt = {
      type: "Class",
      name,
      superclass,
      methods,
      end,
      declared: null,
      self: null,
      superLocal: null,
    };
    return stmt;
  }

  funDeclaration(): Stmt {
    const name = this.consume("IDENTIFIER", "Expect function name.");
    return {
      type: "Function",
      fn: this.function("function", name),
      declared: null,
    };
  }

  function(kind: FunctionNode["kind"], name: Token): FunctionNode {
    this.consume("LEFT_PAREN", "Expect '(' after function name.");
    const params: Token[] = [];
    if (!this.check("RIGHT_PAREN")) {
      do {
        if (params.length === MAX_ARGS) {
          this.errorAtCurrent("Can't have more than 255 parameters.");
        }
        params.push(this.consume("IDENTIFIER", "Expect parameter name."));
      } while (this.match("COMMA"));
    }
    this.consume("RIGHT_PAREN", "Expect ')' after parameters.");
    this.consume("LEFT_BRACE", "Expect '{' before function body.");
    const body = this.blockBody();
    return {
      type: "FunctionNode",
      kind,
      name,
      params,
      body,
      end: this.previous,
      paramLocals: [],
      upvalues: [],
    };
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

  returnStatement(): Stmt {
    const keyword = this.previous;
    if (this.match("SEMICOLON")) {
      return { type: "Return", keyword, value: null, end: this.previous };
    }
    const value = this.expression();
    const end = this.consume("SEMICOLON", "Expect ';' after return value.");
    return { type: "Return", keyword, value, end };
  }

  ifStatement(): Stmt {
    const keyword = this.previous;
    this.consume("LEFT_PAREN", "Expect '(' after 'if'.");
    const condition = this.expression();
    this.consume("RIGHT_PAREN", "Expect ')' after condition.");
    const thenBranch = this.statement();
    const thenEnd = this.previous;
    let elseBranch: Stmt | null = null;
    let elseEnd: Token | null = null;
    if (this.match("ELSE")) {
      elseBranch = this.statement();
      elseEnd = this.previous;
    }
    return {
      type: "If",
      keyword,
      condition,
      thenBranch,
      thenEnd,
      elseBranch,
      elseEnd,
    };
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

  /** `for` becomes a block holding the initializer and a while loop, as in clox. */
  forStatement(): Stmt {
    const keyword = this.previous;
    this.consume("LEFT_PAREN", "Expect '(' after 'for'.");
    const statements: Stmt[] = [];
    if (this.match("SEMICOLON")) {
      // No initializer.
    } else if (this.match("VAR")) {
      statements.push(this.varDeclaration());
    } else {
      statements.push(this.expressionStatement());
    }
    let condition: Expr | null = null;
    if (!this.match("SEMICOLON")) {
      condition = this.expression();
      this.consume("SEMICOLON", "Expect ';' after loop condition.");
    }
    let increment: Expr | null = null;
    if (!this.match("RIGHT_PAREN")) {
      increment = this.expression();
      this.consume("RIGHT_PAREN", "Expect ')' after for clauses.");
    }
    const body = this.statement();
    const bodyEnd = this.previous;
    statements.push({
      type: "While",
      keyword,
      condition,
      body,
      increment,
      bodyEnd,
    });
    return this.block(statements, bodyEnd);
  }

  // ---- Expressions ----

  expression(): Expr {
    return this.parsePrecedence(Prec.Assignment);
  }

  parsePrecedence(precedence: Prec): Expr {
    this.advance();
    const prefix = RULES[this.previous.type].prefix;
    if (prefix === null) {
      this.error("Expect expression.");
      return { type: "Literal", value: null, token: this.previous };
    }
    // Only a whole assignment-level expression may be assigned to: `a + b = c` is not.
    const canAssign = precedence <= Prec.Assignment;
    let expr = prefix(this, canAssign);
    for (;;) {
      const rule = RULES[this.current.type];
      if (precedence > rule.precedence || rule.infix === null) break;
      this.advance();
      expr = rule.infix(this, expr, canAssign);
    }
    if (canAssign && this.match("EQUAL")) {
      this.error("Invalid assignment target.");
    }
    return expr;
  }

  argumentList(): Expr[] {
    const args: Expr[] = [];
    if (!this.check("RIGHT_PAREN")) {
      do {
        args.push(this.expression());
        if (args.length > MAX_ARGS) {
          this.error("Can't have more than 255 arguments.");
        }
      } while (this.match("COMMA"));
    }
    return args;
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

const unary: PrefixRule = (p) => {
  const operator = p.previous;
  const right = p.parsePrecedence(Prec.Unary);
  return { type: "Unary", operator, right };
};

const variable: PrefixRule = (p, canAssign) => {
  const name = p.previous;
  if (canAssign && p.match("EQUAL")) {
    const value = p.expression();
    return { type: "Assign", name, value, binding: null };
  }
  return { type: "Variable", name, binding: null };
};

const this_: PrefixRule = (p) => ({
  type: "This",
  keyword: p.previous,
  binding: null,
});

const super_: PrefixRule = (p) => {
  const keyword = p.previous;
  p.consume("DOT", "Expect '.' after 'super'.");
  const method = p.consume("IDENTIFIER", "Expect superclass method name.");
  return {
    type: "Super",
    keyword,
    method,
    thisBinding: null,
    superBinding: null,
  };
};

const binary: InfixRule = (p, left) => {
  const operator = p.previous;
  const right = p.parsePrecedence(RULES[operator.type].precedence + 1);
  return { type: "Binary", left, operator, right };
};

const logical: InfixRule = (p, left) => {
  const operator = p.previous;
  const right = p.parsePrecedence(RULES[operator.type].precedence + 1);
  return { type: "Logical", left, operator, right };
};

const call: InfixRule = (p, callee) => {
  const args = p.argumentList();
  const paren = p.consume("RIGHT_PAREN", "Expect ')' after arguments.");
  return { type: "Call", callee, paren, args };
};

const dot: InfixRule = (p, object, canAssign) => {
  const name = p.consume("IDENTIFIER", "Expect property name after '.'.");
  if (canAssign && p.match("EQUAL")) {
    const value = p.expression();
    return { type: "Set", object, name, value };
  }
  return { type: "Get", object, name };
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
