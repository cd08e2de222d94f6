/**
 * What must be true after a crash run, whatever was killed where: checked from the
 * store and the effects file alone, against what workflow.ts says each workflow
 * does. Every problem is said, not only the first, so one run shows them all.
 *
 * @module
 */

import { isDeepStrictEqual } from "node:util";
import type { WorkflowStore } from "../store.ts";
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
 * effects (and nothing else) were written to:
 *
 * - each completed, with the result its id calls for;
 * - its journal has the expected names in order, numbered 0..n-1, once each, and
 *   the results each step must have (the counter's 1, 2, 3…: exactly once);
 * - its state holds the counter alone, equal to its number of increments;
 * - every effect key is in the file at least once, with its value, and no line is
 *   torn, unknown or wrong;
 * - SQLite's `PRAGMA integrity_check` says ok.
 */
export function checkWorkflows(
  store: WorkflowStore,
  ids: readonly string[],
  effects: string,
): CheckResult {
  const problems: string[] = [];
  let steps = 0;
  const wanted = new Map<string, string>();
  for (const id of ids) {
    steps += checkOne(store, id, problems);
    for (let round = 0; round < roundsOf(id); round++) {
      wanted.set(`${id}:${4 * round}`, effectValue(id, round));
    }
  }
  const seen = new Map<string, number>();
  for (const line of effects.split("\n")) {
    if (line === "") continue;
    const [key, value, ...rest] = line.split(" ");
    const expected = wanted.get(key);
    if (expected === undefined || value !== expected || rest.length > 0) {
      problems.push(`effects file: unexpected line "${line}"`);
      continue;
    }
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let repeatedEffects = 0;
  for (const key of wanted.keys()) {
    const times = seen.get(key) ?? 0;
    if (times === 0) problems.push(`effects file: no line for ${key}`);
    repeatedEffects += Math.max(0, times - 1);
  }
  const integrity = store.integrityCheck();
  if (integrity.join() !== "ok") {
    problems.push(`PRAGMA integrity_check: ${integrity.join("; ")}`);
  }
  return { problems, workflows: ids.length, steps, repeatedEffects };
}

/** Check one workflow's record, journal and state; how many steps it checked. */
function checkOne(
  store: WorkflowStore,
  id: string,
  problems: string[],
): number {
  const workflow = store.find(id);
  if (workflow === undefined) {
    problems.push(`${id}: not in the store`);
    return 0;
  }
  if (workflow.status !== "completed") {
    problems.push(
      `${id}: ${workflow.status}, not completed${
        workflow.error === null ? "" : ` (${workflow.error})`
      }`,
    );
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
  if (!isDeepStrictEqual(got, names)) {
    problems.push(
      `${id}: journal ${got.join(",")}, expected ${names.join(",")}`,
    );
  }
  journal.forEach((step, i) => {
    if (step.seq !== i) {
      problems.push(`${id}: journal entry ${i} is numbered ${step.seq}`);
    }
    if (step.error !== null) {
      problems.push(`${id}: step ${i} failed: ${step.error}`);
    }
    const round = Math.floor(i / 4);
    if (step.name === `count-${round}` && step.result !== round + 1) {
      problems.push(
        `${id}: count-${round} returned ${
          JSON.stringify(step.result)
        }, expected ${round + 1}`,
      );
    }
    if (
      step.name === `effect-${round}` &&
      step.result !== effectValue(id, round)
    ) {
      problems.push(`${id}: effect-${round} returned ${step.result}`);
    }
  });
  const state = Object.fromEntries(store.state(id));
  if (!isDeepStrictEqual(state, { count: roundsOf(id) })) {
    problems.push(
      `${id}: state ${JSON.stringify(state)}, expected {"count":${
        roundsOf(id)
      }}`,
    );
  }
  return journal.length;
}
