/**
 * The tokens of Lox: what the scanner produces and the parser consumes.
 *
 * @module
 */

/** Every kind of token, named as in Crafting Interpreters. */
export type TokenType =
  // Single-character tokens.
  | "LEFT_PAREN"
  | "RIGHT_PAREN"
  | "LEFT_BRACE"
  | "RIGHT_BRACE"
  | "COMMA"
  | "DOT"
  | "MINUS"
  | "PLUS"
  | "SEMICOLON"
  | "SLASH"
  | "STAR"
  // One or two character tokens.
  | "BANG"
  | "BANG_EQUAL"
  | "EQUAL"
  | "EQUAL_EQUAL"
  | "GREATER"
  | "GREATER_EQUAL"
  | "LESS"
  | "LESS_EQUAL"
  // Literals.
  | "IDENTIFIER"
  | "STRING"
  | "NUMBER"
  // Keywords.
  | "AND"
  | "CLASS"
  | "ELSE"
  | "FALSE"
  | "FOR"
  | "FUN"
  | "IF"
  | "NIL"
  | "OR"
  | "PRINT"
  | "RETURN"
  | "SUPER"
  | "THIS"
  | "TRUE"
  | "VAR"
  | "WHILE"
  // A scanner error: its lexeme is the message, as in clox.
  | "ERROR"
  | "EOF";

/** One token: its type, its text, and where it starts. */
export interface Token {
  readonly type: TokenType;
  /** The source text, or for an ERROR token the error message. */
  readonly lexeme: string;
  /** 1-based line where the token starts. */
  readonly line: number;
  /** Offset of the token's first character in the source; orders errors. */
  readonly offset: number;
}

/** The reserved words and the token each one scans to. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<
  string,
  TokenType
>([
  ["and", "AND"],
  ["class", "CLASS"],
  ["else", "ELSE"],
  ["false", "FALSE"],
  ["for", "FOR"],
  ["fun", "FUN"],
  ["if", "IF"],
  ["nil", "NIL"],
  ["or", "OR"],
  ["print", "PRINT"],
  ["return", "RETURN"],
  ["super", "SUPER"],
  ["this", "THIS"],
  ["true", "TRUE"],
  ["var", "VAR"],
  ["while", "WHILE"],
]);

/**
 * A token the compiler makes up, such as the hidden `this` and `super` variables.
 *
 * @example
 * ```ts
 * syntheticToken("this", 3); // { type: "IDENTIFIER", lexeme: "this", line: 3, ... }
 * ```
 */
export function syntheticToken(lexeme: string, line: number): Token {
  return { type: "IDENTIFIER", lexeme, line, offset: -1 };
}
