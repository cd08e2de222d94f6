import assert from "node:assert/strict";
import type { Lesson } from "./lessons.ts";
import {
  ACTIVE_MUTANT_ENV,
  applyHandMutant,
  describeMutant,
  HandMutantError,
  letBackIn,
  meetsGoal,
  type Mutant,
  mutantPermissions,
  onlyTimeLimits,
  parseHandMutants,
  readReport,
  relativeImportMap,
  relocateImports,
  scoreLesson,
  strykerConfig,
} from "./mutation.ts";
import { coursePaths } from "./paths.ts";

const paths = coursePaths("/course");

Deno.test("the mutant switch is readable under any lesson's permissions", () => {
  assert.deepEqual(mutantPermissions([]), [
    `--allow-env=${ACTIVE_MUTANT_ENV}`,
  ]);
  assert.deepEqual(mutantPermissions(["--allow-net=127.0.0.1"]), [
    "--allow-net=127.0.0.1",
    `--allow-env=${ACTIVE_MUTANT_ENV}`,
  ]);
  assert.deepEqual(mutantPermissions(["--allow-env=COV,DEBUG"]), [
    `--allow-env=COV,DEBUG,${ACTIVE_MUTANT_ENV}`,
  ]);
  assert.deepEqual(mutantPermissions(["--allow-env"]), ["--allow-env"]);
});

Deno.test("one folder is let back into a sandbox that ignores everything else", () => {
  assert.deepEqual(letBackIn(".bounce/mutation/07-channels/map"), [
    "!/.bounce",
    "/.bounce/*",
    "!/.bounce/mutation",
    "/.bounce/mutation/*",
    "!/.bounce/mutation/07-channels",
    "/.bounce/mutation/07-channels/*",
    "!/.bounce/mutation/07-channels/map",
  ]);
});

Deno.test("the import map points into whichever copy of the course holds it", () => {
  const map = relativeImportMap(paths, {
    imports: {
      "file:///course/lessons/01-futures/future.ts":
        "file:///course/solutions/01-futures/future.ts",
      "mocha": "npm:mocha@2.5.3",
      "file:///elsewhere/x.ts": "file:///elsewhere/y.ts",
    },
  }, "/course/.bounce/mutation/01-futures/map");
  assert.deepEqual(map.imports, {
    "../../../../lessons/01-futures/future.ts":
      "../../../../solutions/01-futures/future.ts",
    "mocha": "npm:mocha@2.5.3",
    "file:///elsewhere/x.ts": "file:///elsewhere/y.ts",
  });
});

Deno.test("Stryker mutates the lesson's references and runs its tests, quick if it can", () => {
  const lesson: Lesson = {
    number: 8,
    id: "08-coroutines",
    meta: {
      title: "t",
      goal: "g",
      files: ["promise.ts"],
      permissions: ["--allow-env=COV"],
      quickRun: { args: ["--quick"], note: "n" },
    },
    dir: "/course/lessons/08-coroutines",
    solutionDir: "/course/solutions/08-coroutines",
    modules: ["job_queue.ts", "promise.ts"],
    tests: ["promise_test.ts"],
    hints: [],
  };
  const config = strykerConfig(paths, {
    lesson,
    modules: ["promise.ts"],
    importMap: "/course/.bounce/mutation/08-coroutines/map/import_map.json",
    deno: "/usr/bin/deno",
    concurrency: 2,
  });
  assert.deepEqual(config.mutate, ["solutions/08-coroutines/promise.ts"]);
  assert.deepEqual(config.commandRunner, {
    command: "/usr/bin/deno test --no-check --no-prompt " +
      "--import-map=.bounce/mutation/08-coroutines/map/import_map.json " +
      `--allow-env=COV,${ACTIVE_MUTANT_ENV} lessons/08-coroutines/ -- --quick`,
  });
  assert.ok(
    (config.ignorePatterns as string[]).includes(
      "!/.bounce/mutation/08-coroutines/map",
    ),
  );
});

/** A report in Stryker's JSON schema, trimmed to what the engine reads. */
function report(): unknown {
  const source = [
    'import { x } from "./other.ts";',
    "export function small(n: number): boolean {",
    "  return n < 10;",
    "}",
    'export const name = "x";',
    "",
  ].join("\n");
  const at = (line: number, from: number, to: number) => ({
    start: { line, column: from },
    end: { line, column: to },
  });
  return {
    schemaVersion: "2",
    files: {
      "solutions/01-futures/small.ts": {
        language: "typescript",
        source,
        mutants: [
          {
            id: "1",
            mutatorName: "EqualityOperator",
            replacement: "n <= 10",
            status: "Survived",
            location: at(3, 10, 16),
          },
          {
            id: "2",
            mutatorName: "BooleanLiteral",
            replacement: "true",
            status: "Killed",
            statusReason:
              "a test ...\n\u001b[0m\u001b[1m\u001b[31merror\u001b[0m: Test timed out after 2000ms.\n\nerror: Test failed",
            location: at(3, 10, 16),
          },
          {
            id: "3",
            mutatorName: "BlockStatement",
            replacement: "{}",
            status: "Timeout",
            location: {
              start: { line: 2, column: 43 },
              end: { line: 4, column: 2 },
            },
          },
          {
            id: "4",
            mutatorName: "StringLiteral",
            replacement: '""',
            status: "Ignored",
            location: at(5, 21, 24),
          },
          {
            id: "6",
            mutatorName: "BooleanLiteral",
            replacement: "false",
            status: "Ignored",
            statusReason: "an author's reason",
            location: at(3, 10, 16),
          },
          {
            id: "5",
            mutatorName: "ConditionalExpression",
            replacement: "false",
            status: "Survived",
            location: at(3, 10, 16),
          },
        ],
      },
    },
  };
}

Deno.test("a report gives each mutant's file, place, and the change it makes", () => {
  const mutants = readReport(report());
  const first = mutants.find((m) => m.id === "1");
  assert.ok(first);
  assert.equal(first.file, "small.ts");
  assert.equal(first.original, "n < 10");
  assert.equal(first.replacement, "n <= 10");
  assert.match(first.mutated, /^ {2}return n <= 10;$/m);
  assert.equal(
    describeMutant(first),
    "small.ts:3:10 EqualityOperator: `n < 10` -> `n <= 10`",
  );
  const block = mutants.find((m) => m.id === "3");
  assert.ok(block);
  assert.equal(block.original, "{\n  return n < 10;\n}");
  assert.throws(() => readReport({}), TypeError);
});

Deno.test("the score counts killed and timed-out mutants, leaving out untyped and ignored ones", () => {
  const mutants = readReport(report());
  const score = scoreLesson("01-futures", mutants, new Set(["5"]));
  assert.equal(score.killed, 2);
  assert.equal(score.survived, 1);
  assert.equal(score.invalid, 1);
  assert.equal(score.disabled, 1, "an excluded mutator's are not counted");
  assert.equal(score.mutants, 3);
  assert.equal(score.score, 2 / 3);
  assert.deepEqual(score.survivors.map((m: Mutant) => m.id), ["1"]);
  assert.deepEqual(score.killedByTimeLimit.map((m: Mutant) => m.id), ["2"]);
  assert.equal(meetsGoal(score), false, "3 mutants are too few to measure");
  const none = scoreLesson("01-futures", []);
  assert.equal(none.score, 0);
});

Deno.test("a kill by a test's own time limit alone is told apart from a failed assertion", () => {
  const limit = "error: Test timed out after 2000ms.";
  assert.equal(
    onlyTimeLimits(`${limit}\n${limit}\n\nerror: Test failed`),
    true,
  );
  assert.equal(
    onlyTimeLimits(
      `${limit}\nerror: AssertionError: 1 !== 2\nerror: Test failed`,
    ),
    false,
  );
  assert.equal(onlyTimeLimits("error: Test failed"), false);
  assert.equal(onlyTimeLimits(""), false);
});

Deno.test("the goal needs both enough mutants and enough of them killed", () => {
  const base = {
    lesson: "x",
    killedByTimeLimit: [],
    survived: 0,
    invalid: 0,
    disabled: 0,
    survivors: [],
  };
  assert.equal(
    meetsGoal({ ...base, mutants: 40, killed: 34, score: 34 / 40 }),
    true,
  );
  assert.equal(
    meetsGoal({ ...base, mutants: 40, killed: 33, score: 33 / 40 }),
    false,
  );
  assert.equal(
    meetsGoal({ ...base, mutants: 29, killed: 29, score: 1 }),
    false,
  );
  assert.equal(
    meetsGoal({ ...base, mutants: 40, killed: 40, score: 1, problem: "x" }),
    false,
    "a lesson that could not be measured does not meet it",
  );
});

Deno.test("a mutated module checked elsewhere still imports what the original did", () => {
  const source = [
    'import { a } from "./a.ts";',
    'import type { B } from "../../lessons/01-futures/future.ts";',
    'import assert from "node:assert/strict";',
    'export { c } from "./c.ts";',
    'const text = "from ./nothing.ts";',
  ].join("\n");
  const moved = relocateImports(
    source,
    "/course/solutions/02-wakers/block_on.ts",
  );
  assert.equal(
    moved,
    [
      'import { a } from "file:///course/solutions/02-wakers/a.ts";',
      'import type { B } from "file:///course/lessons/01-futures/future.ts";',
      'import assert from "node:assert/strict";',
      'export { c } from "file:///course/solutions/02-wakers/c.ts";',
      'const text = "from ./nothing.ts";',
    ].join("\n"),
  );
});

Deno.test("hand-written mutants are read from a list an author can get wrong only loudly", () => {
  const modules = ["semaphore.ts", "mutex.ts"];
  const entry = {
    file: "semaphore.ts",
    find: "a < b",
    replace: "a <= b",
    why: "serves a waiter too early",
  };
  const deletion = { ...entry, replace: "" };
  assert.deepEqual(
    parseHandMutants(JSON.stringify([entry, deletion]), "m.json", modules),
    [entry, deletion],
  );
  const bad: [string, RegExp][] = [
    ["{", /m\.json is not valid JSON/],
    ["{}", /must hold an array/],
    ["[1]", /entry 1 is not an object/],
    [JSON.stringify([{ ...entry, why: "" }]), /entry 1 needs "why"/],
    [JSON.stringify([{ ...entry, replace: 1 }]), /needs "replace", a string/],
    [JSON.stringify([{ ...entry, file: "x.ts" }]), /names "x\.ts", not one of/],
    [JSON.stringify([{ ...entry, replace: "a < b" }]), /with itself/],
  ];
  for (const [text, message] of bad) {
    assert.throws(
      () => parseHandMutants(text, "m.json", modules),
      (error: unknown) =>
        error instanceof HandMutantError && message.test(error.message),
      text,
    );
  }
});

Deno.test("a hand-written mutant changes the one place it finds, and says where", () => {
  const source = "const a = 1;\nif (a < b) go();\n";
  const entry = {
    file: "x.ts",
    find: "a < b",
    replace: "a <= b",
    why: "too early",
  };
  const mutant = applyHandMutant(entry, source, "h1");
  assert.equal(mutant.mutated, "const a = 1;\nif (a <= b) go();\n");
  assert.equal(mutant.line, 2);
  assert.equal(mutant.column, 5);
  assert.equal(
    describeMutant(mutant),
    "x.ts:2:5 HandWritten: `a < b` -> `a <= b` (too early)",
  );
  assert.throws(
    () => applyHandMutant({ ...entry, find: "a > b" }, source, "h1"),
    /it does not/,
  );
  assert.throws(
    () => applyHandMutant({ ...entry, find: "a" }, source, "h1"),
    /only once/,
  );
});
