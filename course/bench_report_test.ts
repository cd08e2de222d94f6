/**
 * How `deno task bench` reads `deno bench --json`: rows grouped, times in
 * milliseconds, ratios to the group's baseline, failures kept.
 */

import assert from "node:assert/strict";
import { formatGroup, parseBenchJson } from "./bench_report.ts";

const ok = (avg: number, min: number, max: number) => ({
  ok: { n: 10, avg, min, max, p75: avg, p99: max },
});

const SAMPLE = JSON.stringify({
  version: 1,
  benches: [
    {
      group: "g",
      name: "native: a",
      baseline: true,
      results: [ok(2e6, 1e6, 4e6)],
    },
    {
      group: "g",
      name: "runtime: a",
      baseline: false,
      results: [ok(3e6, 2e6, 5e6)],
    },
    {
      group: "h",
      name: "runtime: b",
      baseline: false,
      results: [ok(1e6, 1e6, 1e6)],
    },
    {
      group: "h",
      name: "runtime: c",
      results: [{ failed: "Error: lost a task" }],
    },
  ],
});

Deno.test("bench rows are grouped, in milliseconds, with ratios to the baseline", () => {
  const { groups, failures } = parseBenchJson(SAMPLE);
  assert.deepEqual(groups.map((g) => g.group), ["g", "h"]);
  const [native, runtime] = groups[0].rows;
  assert.equal(native.avg, 2);
  assert.equal(native.ratio, undefined);
  assert.equal(runtime.min, 2);
  assert.equal(runtime.max, 5);
  assert.equal(runtime.ratio, 1.5);
  assert.equal(runtime.ratioOfMins, 2);
  // A group without a baseline has no ratios.
  assert.equal(groups[1].rows[0].ratio, undefined);
  assert.deepEqual(failures, [{
    name: "runtime: c",
    error: "Error: lost a task",
  }]);
});

Deno.test("a group's lines show each row's mean, spread and ratio", () => {
  const lines = formatGroup(parseBenchJson(SAMPLE).groups[0]);
  assert.equal(lines.length, 3);
  assert.match(lines[2], /runtime: a\s+3\.00 ms/);
  assert.match(lines[2], /2\.00 ms … 5\.00 ms, n=10/);
  assert.match(lines[2], /1\.50× native \(fastest vs fastest 2\.00×\)/);
});

Deno.test("output that is not JSON is refused", () => {
  assert.throws(() => parseBenchJson("Check runtime/bench/x.ts"), SyntaxError);
});
