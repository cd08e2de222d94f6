/**
 * What a crash worker tells the harness, one line at a time on its stdout. A line is
 * written with one synchronous `write` before anything else happens, so it is in
 * the pipe even when the next instruction kills the process.
 *
 * - `ready`: the store is open.
 * - `claim ID ATTEMPT`: an activation of workflow ID starts, its ATTEMPT-th claim.
 * - `fault POINT`: fault injection is about to kill the process at POINT.
 * - `log TEXT`: the worker's own log (a lost lease, a workflow's new status).
 * - `done ACTIVATIONS`: idle, exiting 0.
 *
 * @module
 */

import type { FaultPoint } from "../faults.ts";

/** One line of a worker's report, parsed. */
export type WorkerLine =
  | { readonly kind: "ready" }
  | { readonly kind: "claim"; readonly id: string; readonly attempt: number }
  | { readonly kind: "fault"; readonly point: FaultPoint }
  | { readonly kind: "log"; readonly text: string }
  | { readonly kind: "done"; readonly activations: number };

/** The variable that names a worker's faults, as for the CLI. */
export const FAULTS_VARIABLE = "BOUNCE_WORKFLOW_FAULTS";
/** The variable that sets a worker's lease, in ms. */
export const LEASE_VARIABLE = "BOUNCE_WORKFLOW_LEASE_MS";

const encoder = new TextEncoder();

/** Write `line` to stdout now, whole. */
export function say(line: string): void {
  const bytes = encoder.encode(`${line}\n`);
  let written = 0;
  while (written < bytes.length) {
    written += Deno.stdout.writeSync(bytes.subarray(written));
  }
}

/** `line` parsed, or `undefined` if it is not one of the worker's. */
export function parseLine(line: string): WorkerLine | undefined {
  const [word, ...rest] = line.split(" ");
  switch (word) {
    case "ready":
      return { kind: "ready" };
    case "claim":
      return { kind: "claim", id: rest[0], attempt: Number(rest[1]) };
    case "fault":
      return { kind: "fault", point: rest[0] as FaultPoint };
    case "log":
      return { kind: "log", text: rest.join(" ") };
    case "done":
      return { kind: "done", activations: Number(rest[0]) };
    default:
      return undefined;
  }
}

/**
 * Which Deno, and which code for the lessons, this process runs: the harness and
 * its workers compare theirs, so a worker never runs other code than the test
 * (the starters where the test has the reference, through a missing import map).
 */
export function codeFingerprint(): string {
  return [
    `deno ${Deno.version.deno}`,
    import.meta.resolve("../../../lessons/01-futures/future.ts"),
    import.meta.resolve("../../../lessons/14-lox-fibers/script.ts"),
    import.meta.resolve("../../../lessons/15-durable-store/store.ts"),
    import.meta.resolve("../../../lessons/16-replay/replay.ts"),
    import.meta.resolve("../../../lessons/17-snapshot-workflows/snapshot.ts"),
  ].join(" ");
}
