import assert from "node:assert/strict";
import {
  cleanDenoError,
  parseLoadErrors,
  parseRegistrations,
  parseTestOutputs,
  parseTypeErrors,
  passedTests,
  unfinishedTest,
} from "./deno_output.ts";

Deno.test("parseTypeErrors reads code, message, source line and place", () => {
  const stderr = `Check lessons/01-futures/future_test.ts
TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.
  return "x" + a;
  ~~~~~~
    at file:///course/lessons/01-futures/future.ts:2:3

TS2345 [ERROR]: Argument of type 'A' is not assignable to parameter of type 'B'.
  Types of property 'x' are incompatible.
  f(a);
    ~
    at file:///course/lessons/01-futures/combinators.ts:10:5

Found 2 errors.

error: Type checking failed.
`;
  assert.deepEqual(parseTypeErrors(stderr), [
    {
      code: "TS2322",
      message: "Type 'string' is not assignable to type 'number'.",
      source: 'return "x" + a;',
      file: "file:///course/lessons/01-futures/future.ts",
      line: 2,
      column: 3,
    },
    {
      code: "TS2345",
      message:
        "Argument of type 'A' is not assignable to parameter of type 'B'.\nTypes of property 'x' are incompatible.",
      source: "f(a);",
      file: "file:///course/lessons/01-futures/combinators.ts",
      line: 10,
      column: 5,
    },
  ]);
});

Deno.test("parseLoadErrors finds a test file that threw outside any test", () => {
  const stdout = `Uncaught error from ./lessons/a_test.ts FAILED

 ERRORS 

./lessons/a_test.ts (uncaught error)
error: (in promise) Error: boom at import
throw new Error("boom at import");
      ^
    at file:///course/lessons/a.ts:4:7

 FAILURES 

./lessons/a_test.ts (uncaught error)
`;
  const errors = parseLoadErrors(stdout);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].file, "./lessons/a_test.ts");
  assert.match(errors[0].text, /^Error: boom at import/);
  assert.match(errors[0].text, /a\.ts:4:7/);
});

Deno.test("unfinishedTest names the test that printed no result", () => {
  assert.equal(
    unfinishedTest("running 2 tests\nfirst ... ok (1ms)\nloops forever ...\n"),
    "loops forever",
  );
  assert.equal(unfinishedTest("first ... ok (1ms)\n"), undefined);
});

Deno.test("cleanDenoError drops the backtrace and progress lines", () => {
  assert.equal(
    cleanDenoError(
      'Check a.ts\nerror: Module not found "x.ts".\n\nStack backtrace:\n   0: <unknown>\n',
    ),
    'error: Module not found "x.ts".',
  );
});

const REPORTER_OUTPUT = `running 3 tests from ./.bounce/entries/x.ts
prints then fails ...
------- output -------
hello from the learner
second line
----- output end -----
prints then fails ... FAILED (1ms)
quiet ... ok (0ms)
with steps ...
------- output -------
in the test
----- output end -----
  a step ...
------- output -------
in the step
----- output end -----
  a step ... ok (0ms)
with steps ... ok (1ms)
stuck ...
`;

Deno.test("parseTestOutputs keeps what each test printed, its steps' with it", () => {
  assert.deepEqual(parseTestOutputs(REPORTER_OUTPUT), {
    "prints then fails": "hello from the learner\nsecond line",
    "with steps": "in the test\nin the step",
  });
});

Deno.test("passedTests and unfinishedTest read a run that was stopped", () => {
  assert.deepEqual(passedTests(REPORTER_OUTPUT), ["quiet", "with steps"]);
  assert.equal(unfinishedTest(REPORTER_OUTPUT), "stuck");
  assert.equal(unfinishedTest("quiet ...\nquiet ... ok (0ms)\n"), undefined);
});

Deno.test("parseRegistrations names each test's file from the root, ignoring look-alikes", () => {
  const out = [
    'BOUNCE-TEST ["file:///course/lessons/01-a/a_test.ts","one"]',
    "BOUNCE-TEST not json",
    'BOUNCE-TEST ["file:///elsewhere/b_test.ts","two"]',
  ].join("\n");
  assert.deepEqual(parseRegistrations(out, "BOUNCE-TEST ", "/course"), {
    one: "./lessons/01-a/a_test.ts",
    two: "file:///elsewhere/b_test.ts",
  });
});
