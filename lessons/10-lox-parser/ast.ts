/**
 * The syntax tree the parser builds: plain objects tagged by `type`, so a compiler and
 * a tree-walking interpreter can both `switch` on them. The resolver fills in the
 * fields marked "resolver" (where each name lives); the parser leaves them empty.
 *
 * @module
 */

import type { Token } from "./token.ts";

/** Where a variable reference finds its variable, as the resolver decided. */
export type Binding =
  /** A slot in the current function's frame (slot 0 is the callee or `this`). */
  | { readonly kind: "local"; readonly slot: number }
  /** An index into the current closure's captured variables. */
  | { readonly kind: "upvalue"; readonly index: number }
  /** Looked up by name in the program's globals when it runs. */
  | { readonly kind: "global" };

/**
 * One local variable of a function. Declarations and the scopes that end them share
 * this object, so the resolver can mark it captured after the fact.
 */
export interface Local {
  readonly name: string;
  /** Its slot in the function's frame. */
  readonly slot: number;
  /** Whether a closure captures it: its scope's end must close it, not just pop it. */
  captured: boolean;
}

/** One variable a function captures, as clox's compiler lists them. */
export interface UpvalueRef {
  /** True when it is a local of the enclosing function; false when it is one of its upvalues. */
  readonly isLocal: boolean;
  /** The enclosing function's slot (isLocal) or upvalue index. */
  readonly index: number;
}

/** Where a declared name goes: a new local, or a global (at top level). */
export type Declared = Local | null;

/** Every expression. */
export type Expr =
  | LiteralExpr
  | GroupingExpr
  | UnaryExpr
  | BinaryExpr
  | LogicalExpr
  | VariableExpr
  | AssignExpr
  | CallExpr
  | GetExpr
  | SetExpr
  | ThisExpr
  | SuperExpr;

/** `123`, `"text"`, `true`, `false`, `nil`. */
export interface LiteralExpr {
  readonly type: "Literal";
  readonly value: number | string | boolean | null;
  readonly token: Token;
}

/** `( expression )`: kept so `(a.b)(c)` stays a property read then a call. */
export interface GroupingExpr {
  readonly type: "Grouping";
  readonly expression: Expr;
  /** The closing parenthesis. */
  readonly paren: Token;
}

/** `-x` or `!x`. */
export interface UnaryExpr {
  readonly type: "Unary";
  readonly operator: Token;
  readonly right: Expr;
}

/** Arithmetic, comparison and equality. */
export interface BinaryExpr {
  readonly type: "Binary";
  readonly left: Expr;
  readonly operator: Token;
  readonly right: Expr;
}

/** `and` / `or`, which skip their right side when the left decides. */
export interface LogicalExpr {
  readonly type: "Logical";
  readonly left: Expr;
  readonly operator: Token;
  readonly right: Expr;
}

/** Reading a variable by name. */
export interface VariableExpr {
  readonly type: "Variable";
  readonly name: Token;
  /** (resolver) Where the variable lives; null until resolved. */
  binding: Binding | null;
}

/** `name = value`. */
export interface AssignExpr {
  readonly type: "Assign";
  readonly name: Token;
  readonly value: Expr;
  /** (resolver) Where the variable lives; null until resolved. */
  binding: Binding | null;
}

/** `callee(arguments)`. */
export interface CallExpr {
  readonly type: "Call";
  readonly callee: Expr;
  /** The closing parenthesis: runtime errors in the call report its line. */
  readonly paren: Token;
  readonly args: readonly Expr[];
}

/** `object.name`. */
export interface GetExpr {
  readonly type: "Get";
  readonly object: Expr;
  readonly name: Token;
}

/** `object.name = value`. */
export interface SetExpr {
  readonly type: "Set";
  readonly object: Expr;
  readonly name: Token;
  readonly value: Expr;
}

/** `this` inside a method. */
export interface ThisExpr {
  readonly type: "This";
  readonly keyword: Token;
  /** (resolver) Where `this` lives: slot 0 of a method, or captured. */
  binding: Binding | null;
}

/** `super.method`. */
export interface SuperExpr {
  readonly type: "Super";
  readonly keyword: Token;
  readonly method: Token;
  /** (resolver) Where the receiver, `this`, lives. */
  thisBinding: Binding | null;
  /** (resolver) Where the hidden `super` variable (the superclass) lives. */
  superBinding: Binding | null;
}

/** Every statement (declarations included). */
export type Stmt =
  | ExpressionStmt
  | PrintStmt
  | VarStmt
  | BlockStmt
  | IfStmt
  | WhileStmt
  | FunctionStmt
  | ReturnStmt
  | ClassStmt;

/** An expression evaluated for its effect. */
export interface ExpressionStmt {
  readonly type: "Expression";
  readonly expression: Expr;
  /** The semicolon: the line of the POP that discards the value. */
  readonly end: Token;
}

/** `print expression;` */
export interface PrintStmt {
  readonly type: "Print";
  readonly keyword: Token;
  readonly expression: Expr;
  readonly end: Token;
}

/** `var name = initializer;` */
export interface VarStmt {
  readonly type: "Var";
  readonly name: Token;
  readonly initializer: Expr | null;
  /** The semicolon: the line where a global is defined. */
  readonly end: Token;
  /** (resolver) The new local, or null for a global. */
  declared: Declared;
}

/** `{ statements }`, and the scope a `for` loop makes. */
export interface BlockStmt {
  readonly type: "Block";
  readonly statements: readonly Stmt[];
  /** The token that ends the scope (`}` or the end of a `for` body). */
  readonly end: Token;
  /** (resolver) The locals this block declares, in order, to pop or close at its end. */
  locals: Local[];
}

/** `if (condition) thenBranch else elseBranch`. */
export interface IfStmt {
  readonly type: "If";
  readonly keyword: Token;
  readonly condition: Expr;
  readonly thenBranch: Stmt;
  /** The last token of the then-branch: where a too-long jump is reported. */
  readonly thenEnd: Token;
  readonly elseBranch: Stmt | null;
  readonly elseEnd: Token | null;
}

/**
 * `while (condition) body`. The parser also builds a `for` loop from this: its
 * increment goes at the end of the body, inside a block that holds the loop variable.
 */
export interface WhileStmt {
  readonly type: "While";
  readonly keyword: Token;
  /** Null for a `for` loop without a condition: it loops until a return. */
  readonly condition: Expr | null;
  readonly body: Stmt;
  /** Runs after the body each time round (a `for` loop's increment). */
  readonly increment: Expr | null;
  /** The last token of the loop: where a too-long loop is reported. */
  readonly bodyEnd: Token;
}

/** A function, method or initializer (the parts every kind shares). */
export interface FunctionNode {
  readonly type: "FunctionNode";
  readonly kind: "function" | "method" | "initializer";
  readonly name: Token;
  readonly params: readonly Token[];
  readonly body: readonly Stmt[];
  /** The closing brace: where the function's implicit return is. */
  readonly end: Token;
  /** (resolver) One local per parameter, slots 1, 2, ... */
  paramLocals: Local[];
  /** (resolver) The variables it captures, in the order its closure stores them. */
  upvalues: UpvalueRef[];
}

/** `fun name(params) { body }`. */
export interface FunctionStmt {
  readonly type: "Function";
  readonly fn: FunctionNode;
  /** (resolver) The function's variable: a local or null for a global. */
  declared: Declared;
}

/** `return value;` */
export interface ReturnStmt {
  readonly type: "Return";
  readonly keyword: Token;
  readonly value: Expr | null;
  /** The semicolon: the line of the RETURN instruction. */
  readonly end: Token;
}

/** `class Name < Superclass { methods }`. */
export interface ClassStmt {
  readonly type: "Class";
  readonly name: Token;
  readonly superclass: VariableExpr | null;
  readonly methods: readonly FunctionNode[];
  /** The closing brace: its line marks the POP after the methods. */
  readonly end: Token;
  /** (resolver) The class's variable: a local or null for a global. */
  declared: Declared;
  /** (resolver) How to load the class again inside its own declaration. */
  self: Binding | null;
  /** (resolver) The hidden `super` local when there is a superclass. */
  superLocal: Local | null;
}

/** A whole program: its top-level statements. */
export interface Program {
  readonly type: "Program";
  readonly statements: readonly Stmt[];
  /** The end-of-file token: the script's implicit return. */
  readonly end: Token;
}

/** A binary or logical operation: the nodes that chain to the left. */
export type OperatorExpr = BinaryExpr | LogicalExpr;

/**
 * The operators down the left side of `expr`, outermost first. `a + b + c` parses as
 * `(a + b) + c`, so a long sum is a deep left chain; walking it with this list rather
 * than by recursion keeps thousands of terms from exhausting the JavaScript stack.
 *
 * @example
 * ```ts
 * // For (a + b) - c: [the `-` node, the `+` node]; the leftmost operand is `a`.
 * ```
 */
export function leftSpine(expr: OperatorExpr): OperatorExpr[] {
  const spine: OperatorExpr[] = [expr];
  let left = expr.left;
  while (left.type === "Binary" || left.type === "Logical") {
    spine.push(left);
    left = left.left;
  }
  return spine;
}

/**
 * The last token of an expression: where clox, reading left to right, stands when
 * it emits the expression's last instruction, so the line errors are reported at.
 */
export function lastToken(expr: Expr): Token {
  switch (expr.type) {
    case "Literal":
      return expr.token;
    case "Grouping":
      return expr.paren;
    case "Unary":
    case "Binary":
    case "Logical":
      return lastToken(expr.right);
    case "Variable":
      return expr.name;
    case "Assign":
    case "Set":
      return lastToken(expr.value);
    case "Call":
      return expr.paren;
    case "Get":
      return expr.name;
    case "This":
      return expr.keyword;
    case "Super":
      return expr.method;
  }
}
