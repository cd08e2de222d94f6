/**
 * Reading the JUnit XML that `deno test --junit-path` writes: one `testcase` per test,
 * with a `failure` element holding the error text when it failed.
 *
 * @module
 */

import { XMLParser } from "fast-xml-parser";

/** One test as it ran. */
export interface TestCase {
  /** The name given to `Deno.test`. */
  readonly name: string;
  /** The test file as Deno names it, e.g. `./lessons/01-futures/future_test.ts`. */
  readonly file: string;
  /** Whether it passed. */
  readonly passed: boolean;
  /** The error text when it failed: message, source line, stack. */
  readonly failure?: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  textNodeName: "text",
  // Without this, one test in a file would come back as an object, not a list.
  isArray: (name) => name === "testsuite" || name === "testcase",
  parseAttributeValue: false,
  trimValues: false,
});

/** The test cases in a JUnit report, in the order they ran. */
export function parseJUnit(xml: string): TestCase[] {
  const doc: unknown = parser.parse(xml);
  const cases: TestCase[] = [];
  for (const suite of children(field(doc, "testsuites"), "testsuite")) {
    // The suite is the test file; a case's classname is where Deno.test was called,
    // which for tests registered through a helper is the helper's file.
    const file = text(field(suite, "name"));
    for (const testcase of children(suite, "testcase")) {
      // A test fails with <failure>; one cancelled because its file hit an uncaught
      // error gets <error>; an ignored one gets <skipped>. Only none of these is a pass.
      const problem = field(testcase, "failure") ?? field(testcase, "error") ??
        field(testcase, "skipped");
      cases.push({
        name: text(field(testcase, "name")),
        file,
        passed: problem === undefined,
        ...(problem === undefined
          ? {}
          : { failure: failureText(problem) || "Skipped" }),
      });
    }
  }
  return cases;
}

function failureText(failure: unknown): string {
  if (typeof failure === "string") return failure;
  return text(field(failure, "text")) || text(field(failure, "message"));
}

function field(node: unknown, name: string): unknown {
  if (typeof node !== "object" || node === null) return undefined;
  return (node as Record<string, unknown>)[name];
}

function children(node: unknown, name: string): unknown[] {
  const value = field(node, name);
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return typeof value === "string"
    ? value
    : value === undefined
    ? ""
    : String(value);
}
