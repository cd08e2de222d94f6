/**
 * The last module of `deno test -P`'s run (see `grade_entry.ts`): one more test, run
 * after all the others, that fails unless every test the lessons have (as recorded in
 * `tests.json`) ran.
 *
 * @module
 */

import { registerAllRanTest } from "./harness.ts";
import { registry } from "./grade_start.ts";
import known from "./tests.json" with { type: "json" };

/** The names of tests, not of their steps (`test > step`), recorded for full runs. */
function topLevelNames(
  tests: Record<string, { full: Record<string, string[]> }>,
): string[] {
  const names = Object.values(tests).flatMap((t) =>
    Object.values(t.full).flat()
  );
  return names.filter((name) =>
    !names.some((other) => name.startsWith(`${other} > `))
  );
}

registerAllRanTest(registry, topLevelNames(known));
