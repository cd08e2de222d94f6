import assert from "node:assert/strict";
import {
  differences,
  MalformedExpectationError,
  parseExpectations,
} from "./expectations.ts";

Deno.test("expect comments become stdout lines in order, exit 0", () => {
  const expected = parseExpectations(
    'print 1; // expect: 1\nprint ""; // expect:\n// expect: two words\n',
  );
  assert.deepEqual(expected.stdout, ["1", "", "two words"]);
  assert.equal(expected.exitCode, 0);
  assert.deepEqual(
    differences(expected, {
      stdout: "1\n\ntwo words\n",
      stderr: "",
      exitCode: 0,
    }),
    [],
  );
});

Deno.test("compile errors take their own line or the one they name, exit 65", () => {
  const expected = parseExpectations(
    "var 1; // Error at '1': Expect variable name.\n@ // [line 7] Error: Unexpected character.\n",
  );
  assert.deepEqual(expected.compileErrors, [
    "[line 1] Error at '1': Expect variable name.",
    "[line 7] Error: Unexpected character.",
  ]);
  assert.equal(expected.exitCode, 65);
});

Deno.test("a runtime error checks the message, the first trace line and the trace's end", () => {
  const expected = parseExpectations(
    "fun f() {\n  return -nil; // expect runtime error: Operand must be a number.\n}\nf();\n",
  );
  assert.equal(expected.exitCode, 70);
  const good =
    "Operand must be a number.\n[line 2] in f()\n[line 4] in script\n";
  assert.deepEqual(
    differences(expected, { stdout: "", stderr: good, exitCode: 70 }),
    [],
  );
  const wrongLine = "Operand must be a number.\n[line 4] in script\n";
  assert.match(
    differences(expected, { stdout: "", stderr: wrongLine, exitCode: 70 })
      .join(),
    /does not start at line 2/,
  );
  const noScript = "Operand must be a number.\n[line 2] in f()\n";
  assert.match(
    differences(expected, { stdout: "", stderr: noScript, exitCode: 70 })
      .join(),
    /does not end in script/,
  );
});

Deno.test("every difference is named: exit code, stdout and stderr", () => {
  const expected = parseExpectations("print 1; // expect: 1\n");
  const found = differences(expected, {
    stdout: "2\n",
    stderr: "oops\n",
    exitCode: 70,
  });
  assert.equal(found.length, 3);
  assert.match(found[0], /exit code: expected 0, got 70/);
  assert.match(found[1], /expected:\n {2}1\ngot:\n {2}2/);
  assert.match(found[2], /stderr/);
});

Deno.test("a program promising output and a compile error is rejected", () => {
  assert.throws(
    () =>
      parseExpectations(
        "print 1; // expect: 1\nvar; // Error at ';': Expect variable name.\n",
      ),
    MalformedExpectationError,
  );
});
