import assert from "node:assert/strict";
import { BufferedIo, decodeSource, NotTextError, unfinished } from "./main.ts";

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

Deno.test("to a terminal, each printed line is written as it ends, not when the script next waits", () => {
  const written: string[] = [];
  const io = new BufferedIo({
    lineBuffered: true,
    write: (text) => written.push(text),
  });
  io.stdout("started");
  assert.deepEqual(written, []);
  io.stdout("\n");
  // A script that now computes until Ctrl-C has shown its line already.
  assert.deepEqual(written, ["started\n"]);
});

Deno.test("to a file or pipe, printed lines are gathered and written together", async () => {
  const written: string[] = [];
  const io = new BufferedIo({
    lineBuffered: false,
    write: (text) => written.push(text),
  });
  io.stdout("1\n");
  io.stdout("2\n");
  assert.deepEqual(written, []);
  // The host's event loop gets a turn: what was gathered goes out in one write.
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(written, ["1\n2\n"]);
});
