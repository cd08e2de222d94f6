/**
 * The first module of `deno test -P`'s run (see `grade_entry.ts`): the harness, in
 * place before any lesson's test or module loads, so `Deno.exit` cannot end the run
 * with a success, and every test is counted as it registers and as it finishes.
 *
 * @module
 */

import { type Registry, startHarness } from "./harness.ts";
import { LEARNER_TEST_LIMIT_MS } from "./limits.ts";

/** What the run's tests did, read by `grade_end.ts`. */
export const registry: Registry = startHarness({
  perTestTimeoutMs: LEARNER_TEST_LIMIT_MS,
  announce: false,
});
