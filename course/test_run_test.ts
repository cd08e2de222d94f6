/**
 * The clock of a run starts at its start marker, after type-checking. These tests
 * spawn a small Deno program; the one wait in them is in that child, on purpose: it
 * stands for a slow type-check, and must last longer than the limit it must not trip.
 */

import assert from "node:assert/strict";
import { runDeno } from "./test_run.ts";

const MARKER = "STARTED-NOW";

Deno.test("time before the start marker does not count against the limit", async () => {
  const program =
    `await new Promise((r) => setTimeout(r, 2500)); console.log("${MARKER}");`;
  const out = await runDeno(Deno.cwd(), ["eval", program], 2000, MARKER);
  assert.equal(out.timedOut, false, "the wait before the marker was counted");
  assert.equal(out.started, true);
  assert.equal(out.code, 0);
});

Deno.test("after the start marker, a loop without an exit is stopped at the limit", async () => {
  const program = `console.log("${MARKER}"); while (true) {}`;
  const out = await runDeno(Deno.cwd(), ["eval", program], 1000, MARKER);
  assert.equal(out.timedOut, true);
  assert.equal(out.started, true);
  assert.equal(out.code, -1);
});

Deno.test("aborting a run stops it without calling it a time-out", async () => {
  const stop = new AbortController();
  const program = `console.log("${MARKER}"); while (true) {}`;
  const run = runDeno(
    Deno.cwd(),
    ["eval", program],
    600_000,
    MARKER,
    stop.signal,
  );
  setTimeout(() => stop.abort(), 200);
  const out = await run;
  assert.equal(out.timedOut, false);
});
