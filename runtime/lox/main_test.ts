import assert from "node:assert/strict";
import { decodeSource, NotTextError, unfinished } from "./main.ts";

Deno.test("a script file that is not UTF-8 is refused, naming the line of the bad byte", () => {
  const bytes = new TextEncoder().encode('print "a";\nprint "b?";\n');
  bytes[18] = 0xff; // the "?" on line 2
  const decoded = decodeSource(bytes);
  assert.ok(decoded instanceof NotTextError);
  assert.equal(decoded.message, "it is not UTF-8 text (line 2).");
});

Deno.test("a UTF-8 script file is read as it is, its non-ASCII text included", () => {
  const text = 'print "héllo ✓";\n';
  assert.equal(decodeSource(new TextEncoder().encode(text)), text);
});

Deno.test("the REPL reads on while a brace, parenthesis or string is open", () => {
  assert.equal(unfinished("fun f(x) {\n"), true);
  assert.equal(unfinished("fun f(x) {\n  return x;\n"), true);
  assert.equal(unfinished("fun f(x) {\n  return x;\n}\n"), false);
  assert.equal(unfinished("print (1 +\n"), true);
  assert.equal(unfinished('print "two\n'), true);
  assert.equal(unfinished('print "two\nlines";\n'), false);
});

Deno.test("braces in strings and comments do not keep the REPL reading", () => {
  assert.equal(unfinished('print "{";\n'), false);
  assert.equal(unfinished("print 1; // {\n"), false);
  assert.equal(unfinished("print 1; // {"), false);
});

Deno.test("a line with more closing than opening brackets runs, to be reported", () => {
  assert.equal(unfinished("}\n"), false);
  assert.equal(unfinished("print 1;\n"), false);
});
