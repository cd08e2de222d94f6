import assert from "node:assert/strict";
import { parseJUnit } from "./junit.ts";

const report = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="4" failures="1" errors="1" time="0.1">
    <testsuite name="./lessons/01-futures/a_test.ts" tests="3" disabled="0" errors="1" failures="1">
        <testcase name="passes" classname="./lessons/_support/x.ts" time="0.0" line="1" col="1">
        </testcase>
        <testcase name="fails &amp; says why" classname="./lessons/01-futures/a_test.ts" time="0.0" line="2" col="1">
            <failure message="Uncaught Error: not implemented: map">Error: not implemented: map
    at file:///c/lessons/01-futures/combinators.ts:20:9</failure>
        </testcase>
        <testcase name="cancelled" classname="./lessons/01-futures/a_test.ts" time="0.0" line="3" col="1">
            <error message="Cancelled"/>
        </testcase>
    </testsuite>
    <testsuite name="./lessons/01-futures/b_test.ts" tests="1" disabled="0" errors="0" failures="0">
        <testcase name="only one" classname="./lessons/01-futures/b_test.ts" time="0.0" line="1" col="1">
        </testcase>
    </testsuite>
</testsuites>`;

Deno.test("parseJUnit reads each case, naming the suite's file", () => {
  const cases = parseJUnit(report);
  assert.deepEqual(cases.map((c) => [c.name, c.file, c.passed]), [
    ["passes", "./lessons/01-futures/a_test.ts", true],
    ["fails & says why", "./lessons/01-futures/a_test.ts", false],
    ["cancelled", "./lessons/01-futures/a_test.ts", false],
    ["only one", "./lessons/01-futures/b_test.ts", true],
  ]);
});

Deno.test("parseJUnit keeps the failure text, and a cancelled test is not a pass", () => {
  const [, failed, cancelled] = parseJUnit(report);
  assert.match(
    failed.failure ?? "",
    /^Error: not implemented: map\n {4}at file:/,
  );
  assert.equal(cancelled.failure, "Cancelled");
});

Deno.test("parseJUnit of a report with no suites is empty", () => {
  assert.deepEqual(
    parseJUnit(
      `<?xml version="1.0"?>\n<testsuites name="deno test" tests="0"></testsuites>`,
    ),
    [],
  );
});
