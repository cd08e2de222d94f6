/**
 * What must be true after a crash, whatever was killed where: checked from the
 * store and the effects file alone, against what workflow.ts says each workflow
 * does. Every problem is said, not only the first, so one run shows them all.
 *
 * @module
 */

import { isDeepStrictEqual } from "node:util";
import type { WorkflowStore } from "../../../lessons/15-durable-store/store.ts";
import {
  effectValue,
  expectedResult,
  expectedSteps,
  roundsOf,
} from "./workflow.ts";

/** What a check found. */
export interface CheckResult {
  /** What is wrong, one line each; empty if nothing is. */
  readonly problems: string[];
  /** How many workflows were checked. */
  readonly workflows: number;
  /** How many journal entries were checked. */
  readonly steps: number;
  /** How many effect lines were written again by a step that ran again (at least once). */
  readonly repeatedEffects: number;
}

/**
 * Check workflows `ids` of `store`, and `effects`, the text of the file their
 * effects (and nothing else) were written to. At any moment, even just after a
 * kill:
 *
 * - each journal is the start of the expected one: names in order, numbered
 *   0..k-1, once each, with the results each step must have (the counter's 1, 2,
 *   3…);
 * - the state's counter equals the number of increments journaled: a `put`
 *   commits with its step, or not at all (exactly once);
 * - each journaled effect's key is in the file (its effect came first), and no
 *   line of the file is torn, unknown or wrong;
 * - SQLite's `PRAGMA integrity_check` says ok.
 *
 * With `finished`, also: each workflow completed with the result its id calls
 * for, its journal whole, and so every effect key in the file at least once.
 */
export function checkWorkflows(
  store: WorkflowStore,
  ids: readonly string[],
  effects: string,
  finished = true,
): CheckResult {
  const problems: string[] = [];
  const seen = effectLines(ids, effects, problems);
  let steps = 0;
  let repeatedEffects = 0;
  for (const id of ids) {
    const journal = checkOne(store, id, finished, problems);
    steps += journal;
    for (let round = 0; round < roundsOf(id); round++) {
      const key = `${id}:${4 * round}`;
      const times = seen.get(key) ?? 0;
      if (times === 0 && 4 * round < journal) {
        problems.push(
          `${id}: effect-${round} is journaled, but ${key} is not in the effects file`,
        );
      }
      repeatedEffects += Math.max(0, times - 1);
    }
  }
  const integrity = store.integrityCheck();
  if (integrity.join() !== "ok") {
    problems.push(`PRAGMA integrity_check: ${integrity.join("; ")}`);
  }
  return { problems, workflows: ids.length, steps, repeatedEffects };
}

/** How many times each effect key of `ids` is in `effects`; wrong lines are problems. */
function effectLines(
  ids: readonly string[],
  effects: string,
  problems: string[],
): Map<string, number> {
  const wanted = new Map<string, string>();
  for (const id of ids) {
    for (let round = 0; round < roundsOf(id); round++) {
      wanted.set(`${id}:${4 * round}`, effectValue(id, round));
    }
  }
  const seen = new Map<string, number>();
  for (const line of effects.split("\n")) {
    if (line === "") continue;
    const [key, value, ...rest] = line.split(" ");
    if (wanted.get(key) !== value || rest.length > 0) {
      problems.push(`effects file: unexpected line "${line}"`);
    } else {
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  return seen;
}

/** Check one workflow's record, journal and state; how long its journal is. */
function checkOne(
  store: WorkflowStore,
  id: string,
  finished: boolean,
  problems: string[],
): number {
  const workflow = store.find(id);
  if (workflow === undefined) {
    problems.push(`${id}: not in the store`);
    return 0;
  }
  if (finished && workflow.status !== "completed") {
    problems.push(
      `${id}: ${workflow.status}, not completed${
        workflow.error === null ? "" : ` (${workflow.error})`
      }`,
    );
  }
  if (
    !finished &&
    (workflow.status === "failed" || workflow.status === "cancelled")
  ) {
    problems.push(`${id}: ${workflow.status} (${workflow.error})`);
  }
  const result = expectedResult(id);
  if (
    workflow.status === "completed" &&
    !isDeepStrictEqual(workflow.result, result)
  ) {
    problems.push(
      `${id}: result ${JSON.stringify(workflow.result)}, expected ${
        JSON.stringify(result)
      }`,
    );
  }
  const names = expectedSteps(id);
  const journal = store.steps(id);
  const got = journal.map((s) => s.name);
  const whole = finished || workflow.status === "completed";
  if (!isDeepStrictEqual(got, whole ? names : names.slice(0, got.length))) {
    problems.push(
      `${id}: journal ${got.join(",")}, expected ${
        whole ? "" : "the start of "
      }${names.join(",")}`,
    );
  }
  let counted = 0;
  journal.forEach((step, i) => {
    if (step.seq !== i) {
      problems.push(`${id}: journal entry ${i} is numbered ${step.seq}`);
    }
    if (step.error !== null) {
      problems.push(`${id}: step ${i} failed: ${step.error}`);
    }
    const round = Math.floor(i / 4);
    if (step.name === `count-${round}`) {
      counted++;
      if (step.result !== round + 1) {
        problems.push(
          `${id}: count-${round} returned ${
            JSON.stringify(step.result)
          }, expected ${round + 1}`,
        );
      }
    }
    if (
      step.name === `effect-${round}` &&
      step.result !== effectValue(id, round)
    ) {
      problems.push(`${id}: effect-${round} returned ${step.result}`);
    }
  });
  const state = Object.fromEntries(store.state(id));
  const expected = counted === 0 ? {} : { count: counted };
  if (!isDeepStrictEqual(state, expected)) {
    problems.push(
      `${id}: state ${JSON.stringify(state)} after ${counted} count steps`,
    );
  }
  return journal.length;
}
