/**
 * The scanner: turns Lox source into tokens on demand, one `scanToken` call at a time,
 * as clox does. Errors become ERROR tokens whose lexeme is the message, so the parser
 * reports them in order with everything else.
 *
 * @module
 */

import { KEYWORDS, type Token, type TokenType } from "./token.ts";

/** Scans one source string. State lives in the object, so many can run at once. */
export class Scanner {
  readonly #source: string;
  #start = 0;
  #current = 0;
  #line = 1;

  /** Start scanning `source` from its beginning. */
  constructor(source: string) {
    this.#source = source;
  }

  /**
   * The next token; after the end, EOF again and again.
   *
   * @example
   * ```ts
   * const scanner = new Scanner("print 1;");
   * scanner.scanToken().type; // "PRINT"
   * ```
   */
  scanToken(): Token {
    this.#skipWhitespace();
    this.#start = this.#current;
    if (this.#isAtEnd()) return this.#make("EOF");

    const c = this.#advance();
    if (isAlpha(c)) return this.#identifier();
    if (isDigit(c)) return this.#number();
    switch (c) {
      case "(":
        return this.#make("LEFT_PAREN");
      case ")":
        return this.#make("RIGHT_PAREN");
      case "{":
        return this.#make("LEFT_BRACE");
      case "}":
        return this.#make("RIGHT_BRACE");
      case ";":
        return this.#make("SEMICOLON");
      case ",":
        return this.#make("COMMA");
      case ".":
        return this.#make("DOT");
      case "-":
        return this.#make("MINUS");
      case "+":
        return this.#make("PLUS");
      case "/":
        return this.#make("SLASH");
      case "*":
        return this.#make("STAR");
      case "!":
        return this.#make(this.#match("=") ? "BANG_EQUAL" : "BANG");
      case "=":
        return this.#make(this.#match("=") ? "EQUAL_EQUAL" : "EQUAL");
      case "<":
        return this.#make(this.#match("=") ? "LESS_EQUAL" : "LESS");
      case ">":
        return this.#make(this.#match("=") ? "GREATER_EQUAL" : "GREATER");
      case '"':
        return this.#string();
    }
    return this.#error("Unexpected character.");
  }

  #isAtEnd(): boolean {
    return this.#current >= this.#source.length;
  }

  #advance(): string {
    return this.#source[this.#current++];
  }

  #peek(): string {
    return this.#isAtEnd() ? "\0" : this.#source[this.#current];
  }

  #peekNext(): string {
    const next = this.#current + 1;
    return next >= this.#source.length ? "\0" : this.#source[next];
  }

  #match(expected: string): boolean {
    if (this.#isAtEnd() || this.#source[this.#current] !== expected) {
      return false;
    }
    this.#current++;
    return true;
  }

  #make(type: TokenType): Token {
    return {
      type,
      lexeme: this.#source.slice(this.#start, this.#current),
      line: this.#line,
      offset: this.#start,
    };
  }

  #error(message: string): Token {
    return {
      type: "ERROR",
      lexeme: message,
      line: this.#line,
      offset: this.#start,
    };
  }

  #skipWhitespace(): void {
    for (;;) {
      const c = this.#peek();
      if (c === " " || c === "\r" || c === "\t") {
        this.#current++;
      } else if (c === "\n") {
        this.#line++;
        this.#current++;
      } else if (c === "/" && this.#peekNext() === "/") {
        // A comment runs to the end of the line.
        while (this.#peek() !== "\n" && !this.#isAtEnd()) this.#current++;
      } else {
        return;
      }
    }
  }

  #string(): Token {
    // Like clox, a string spanning lines carries the line where it ends.
    while (this.#peek() !== '"' && !this.#isAtEnd()) {
      if (this.#peek() === "\n") this.#line++;
      this.#current++;
    }
    if (this.#isAtEnd()) return this.#error("Unterminated string.");
    this.#current++; // The closing quote.
    return this.#make("STRING");
  }

  #number(): Token {
    while (isDigit(this.#peek())) this.#current++;
    // A fractional part needs a digit after the dot: `1.` is a number then a dot.
    if (this.#peek() === "." && isDigit(this.#peekNext())) {
      this.#current++;
      while (isDigit(this.#peek())) this.#current++;
    }
    return this.#make("NUMBER");
  }

  #identifier(): Token {
    while (isAlpha(this.#peek()) || isDigit(this.#peek())) this.#current++;
    const text = this.#source.slice(this.#start, this.#current);
    return this.#make(KEYWORDS.get(text) ?? "IDENTIFIER");
  }
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isAlpha(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

/**
 * Every token of `source`, ending with EOF: handy for tests and the disassembler's
 * readers; the parser pulls tokens one at a time instead.
 */
export function scanAll(source: string): Token[] {
  const scanner = new Scanner(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = scanner.scanToken();
    tokens.push(token);
    if (token.type === "EOF") return tokens;
  }
}
