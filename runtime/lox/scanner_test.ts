import assert from "node:assert/strict";
import { scanAll } from "./scanner.ts";

function types(source: string): string[] {
  return scanAll(source).map((t) => t.type);
}

Deno.test("scanner: punctuation, one- and two-character operators", () => {
  assert.deepEqual(types("(){};,.-+/* ! != = == < <= > >="), [
    "LEFT_PAREN",
    "RIGHT_PAREN",
    "LEFT_BRACE",
    "RIGHT_BRACE",
    "SEMICOLON",
    "COMMA",
    "DOT",
    "MINUS",
    "PLUS",
    "SLASH",
    "STAR",
    "BANG",
    "BANG_EQUAL",
    "EQUAL",
    "EQUAL_EQUAL",
    "LESS",
    "LESS_EQUAL",
    "GREATER",
    "GREATER_EQUAL",
    "EOF",
  ]);
});

Deno.test("scanner: keywords, identifiers and literals keep their text", () => {
  const tokens = scanAll('var _x1 = 12.5; print "hi"; classy class');
  assert.deepEqual(
    tokens.map((t) => [t.type, t.lexeme]),
    [
      ["VAR", "var"],
      ["IDENTIFIER", "_x1"],
      ["EQUAL", "="],
      ["NUMBER", "12.5"],
      ["SEMICOLON", ";"],
      ["PRINT", "print"],
      ["STRING", '"hi"'],
      ["SEMICOLON", ";"],
      ["IDENTIFIER", "classy"],
      ["CLASS", "class"],
      ["EOF", ""],
    ],
  );
});

Deno.test("scanner: a trailing dot is not part of a number", () => {
  assert.deepEqual(scanAll("1.").map((t) => t.lexeme), ["1", ".", ""]);
});

Deno.test("scanner: comments and newlines advance the line", () => {
  const tokens = scanAll("a // note\n\nb\n");
  assert.deepEqual(tokens.map((t) => t.line), [1, 3, 4]);
});

Deno.test("scanner: a string spanning lines carries the line where it ends", () => {
  const [token] = scanAll('"one\ntwo"');
  assert.deepEqual([token.type, token.line], ["STRING", 2]);
});

Deno.test("scanner: errors become ERROR tokens carrying the message", () => {
  const tokens = scanAll('@ "open');
  assert.deepEqual(
    tokens.map((t) => [t.type, t.lexeme]),
    [
      ["ERROR", "Unexpected character."],
      ["ERROR", "Unterminated string."],
      ["EOF", ""],
    ],
  );
});
