/**
 * Turning a failed test's error text into what a learner needs: what went wrong, in
 * words, and where, in their own files.
 *
 * @module
 */

import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/** A failure, explained. */
export interface Explanation {
  /** One line: what went wrong. */
  readonly summary: string;
  /** Further lines worth showing as they are: a diff, values, the source line. */
  readonly details: readonly string[];
  /** Source locations (`path:line:col`, relative to the course root), test file last. */
  readonly where: readonly string[];
}

const NOT_IMPLEMENTED = /^(?:Uncaught )?Error: not implemented: (.*)$/;
const TIMED_OUT = /^Test timed out after (\d+)ms/;

/** Explain the error text of a failed test. */
export function explainFailure(text: string, root: string): Explanation {
  const lines = text.split("\n");
  const first = lines[0] ?? "";
  const where = locations(lines, root);
  const todo = NOT_IMPLEMENTED.exec(first);
  if (todo !== null) {
    return {
      summary: `${todo[1]} is still a TODO: it threw "not implemented".`,
      details: [],
      where,
    };
  }
  const timedOut = TIMED_OUT.exec(first);
  if (timedOut !== null) {
    return {
      summary: `did not finish within ${Number(timedOut[1]) / 1000} s.`,
      details: [
        "A loop that never ends, or a future that is pending and never woken, looks like this.",
      ],
      where,
    };
  }
  if (first === "Cancelled") {
    return {
      summary:
        "did not run: an error thrown outside any test stopped this test file.",
      details: [
        "Often a promise that rejected while nobody was awaiting it; see the error above.",
      ],
      where,
    };
  }
  if (first === "Skipped") {
    return {
      summary: "was skipped, so it cannot count as passing.",
      details: [],
      where,
    };
  }
  if (first.startsWith("Promise resolution is still pending")) {
    return {
      summary:
        "the test was still waiting when nothing was left that could wake it.",
      details: [
        "A future returned pending but its waker was never called (a lost wake-up?).",
      ],
      where,
    };
  }
  return {
    summary: first.replace(/^Uncaught /, ""),
    details: messageBody(lines),
    where,
  };
}

/**
 * The lines between the headline and the source excerpt: for an assertion, the values
 * compared or the diff. Node's diff marks actual with `+` and expected with `-`.
 */
function messageBody(lines: readonly string[]): string[] {
  const body: string[] = [];
  for (const line of lines.slice(1)) {
    if (/^\s+at /.test(line)) break;
    body.push(line);
  }
  // The last two non-empty lines are the source excerpt and its caret: drop them.
  while (body.length > 0 && body[body.length - 1].trim() === "") body.pop();
  if (body.length >= 2 && /^\s*\^\s*$/.test(body[body.length - 1])) {
    body.splice(-2);
  }
  while (body.length > 0 && body[body.length - 1].trim() === "") body.pop();
  while (body.length > 0 && body[0].trim() === "") body.shift();
  const legend = body.some((l) => l.startsWith("+ actual - expected"));
  return legend
    ? body.map((l) =>
      l.startsWith("+ actual - expected")
        ? "(+ is what your code produced, - is what was expected)"
        : l
    )
    : body;
}

/** Course files in the stack, innermost first; tests come last and support code not at all. */
function locations(lines: readonly string[], root: string): string[] {
  const found: string[] = [];
  for (const line of lines) {
    const match = /at (?:.* \()?(file:\/\/[^\s)]+?):(\d+):(\d+)\)?$/.exec(
      line.trim(),
    );
    if (match === null) continue;
    const path = relative(root, fileURLToPath(match[1]));
    // Outside the course, the shared test support and the engine are not the learner's.
    if (
      path.startsWith("..") || path.includes("_support/") ||
      path.startsWith("course/") || path.startsWith(".bounce/")
    ) continue;
    const place = `${path}:${match[2]}:${match[3]}`;
    if (!found.includes(place)) found.push(place);
  }
  const isTest = (p: string) => /_test\.ts:/.test(p);
  return [
    ...found.filter((p) => !isTest(p)),
    ...found.filter(isTest).slice(0, 1),
  ];
}
