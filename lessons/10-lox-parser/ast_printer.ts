/**
 * Print a syntax tree as one-line S-expressions, the way the tests compare trees:
 * `1 + 2 * 3` prints as `(+ 1 (* 2 3))`. Use it to look at what your parser built.
 *
 * @example
 * ```ts
 * import { parse } from "./parser.ts";
 * printProgram(parse("print -a.b(1);").program); // "(print (- (call (. a b) 1)))"
 * ```
 *
 * @module
 */

import type { Expr, FunctionNode, Program, Stmt } from "./ast.ts";

/** One expression: operators first, a missing part as `_`. */
export function printExpr(expr: Expr): string {
  switch (expr.type) {
    case "Literal":
      if (typeof expr.value === "string") return JSON.stringify(expr.value);
      return expr.value === null ? "nil" : String(expr.value);
    case "Grouping":
      return `(group ${printExpr(expr.expression)})`;
    case "Unary":
      return `(${expr.operator.lexeme} ${printExpr(expr.right)})`;
    case "Binary":
    case "Logical":
      return `(${expr.operator.lexeme} ${printExpr(expr.left)} ${
        printExpr(expr.right)
      })`;
    case "Variable":
      return expr.name.lexeme;
    case "Assign":
      return `(= ${expr.name.lexeme} ${printExpr(expr.value)})`;
    case "Call":
      return list("call", printExpr(expr.callee), ...expr.args.map(printExpr));
    case "Get":
      return `(. ${printExpr(expr.object)} ${expr.name.lexeme})`;
    case "Set":
      return `(.= ${printExpr(expr.object)} ${expr.name.lexeme} ${
        printExpr(expr.value)
      })`;
    case "This":
      return "this";
    case "Super":
      return `(super ${expr.method.lexeme})`;
  }
}

/** One statement; nested statements are printed inside it. */
export function printStmt(stmt: Stmt): string {
  switch (stmt.type) {
    case "Expression":
      return `(; ${printExpr(stmt.expression)})`;
    case "Print":
      return `(print ${printExpr(stmt.expression)})`;
    case "Var":
      return stmt.initializer === null
        ? `(var ${stmt.name.lexeme})`
        : `(var ${stmt.name.lexeme} ${printExpr(stmt.initializer)})`;
    case "Block":
      return list("block", ...stmt.statements.map(printStmt));
    case "If":
      return list(
        "if",
        printExpr(stmt.condition),
        printStmt(stmt.thenBranch),
        ...(stmt.elseBranch === null ? [] : [printStmt(stmt.elseBranch)]),
      );
    case "While":
      return list(
        "while",
        stmt.condition === null ? "_" : printExpr(stmt.condition),
        printStmt(stmt.body),
        ...(stmt.increment === null ? [] : [printExpr(stmt.increment)]),
      );
    case "Function":
      return printFunction(stmt.fn);
    case "Return":
      return stmt.value === null
        ? "(return)"
        : `(return ${printExpr(stmt.value)})`;
    case "Class":
      return list(
        "class",
        stmt.name.lexeme,
        ...(stmt.superclass === null
          ? []
          : [`(< ${stmt.superclass.name.lexeme})`]),
        ...stmt.methods.map(printFunction),
      );
  }
}

/** Every top-level statement, one per line. */
export function printProgram(program: Program): string {
  return program.statements.map(printStmt).join("\n");
}

/** `(fun f (a b) body...)`, `(method m (a) body...)`, `(init (a) body...)`. */
function printFunction(fn: FunctionNode): string {
  const params = `(${fn.params.map((p) => p.lexeme).join(" ")})`;
  const body = fn.body.map(printStmt);
  if (fn.kind === "initializer") return list("init", params, ...body);
  const head = fn.kind === "function" ? "fun" : "method";
  return list(head, fn.name.lexeme, params, ...body);
}

function list(...parts: string[]): string {
  return `(${parts.join(" ")})`;
}
