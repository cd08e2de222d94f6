import assert from "node:assert/strict";
import { activateReplay } from "../../../lessons/16-replay/replay.ts";
import type { WorkflowStore } from "../../../lessons/15-durable-store/store.ts";
import { EPOCH, memoryStore, runUntilIdle } from "../testing.ts";
import { checkWorkflows } from "./check.ts";
import { crashWorkflow, effectValue, roundsOf } from "./workflow.ts";

// The checker must be able to fail: each test below breaks one promise by hand.

const IDS = ["a", "b"];

/** Run the crash workflows `ids` in memory, to the end; the effects file's text. */
async function finished(store: WorkflowStore): Promise<string> {
  const lines: string[] = [];
  const workflow = crashWorkflow({ append: (line) => lines.push(line) });
  for (const id of IDS) {
    store.create(
      { id, kind: "replay", file: "/crash.ts", source: "", startAt: EPOCH },
      EPOCH,
    );
  }
  await runUntilIdle(store, {
    replay: (activation) => activateReplay(workflow, activation),
  });
  return lines.map((line) => `${line}\n`).join("");
}

Deno.test("crash check: finished crash workflows pass, an effect seen twice counted as repeated", async () => {
  using store = memoryStore();
  const effects = await finished(store);
  const clean = checkWorkflows(store, IDS, effects);
  assert.deepEqual(clean.problems, []);
  assert.equal(clean.workflows, 2);
  assert.equal(clean.steps, 4 * (roundsOf("a") + roundsOf("b")));
  assert.equal(clean.repeatedEffects, 0);
  const again = `a:0 ${effectValue("a", 0)}\n`;
  assert.equal(checkWorkflows(store, IDS, effects + again).repeatedEffects, 1);
});

Deno.test("crash check: a missing, unknown or torn effect line is a problem", async () => {
  using store = memoryStore();
  const effects = await finished(store);
  const missing = effects.split("\n").filter((l) => !l.startsWith("b:4 "))
    .join("\n");
  assert.match(
    checkWorkflows(store, IDS, missing).problems.join("\n"),
    /b: effect-1 is journaled, but b:4 is not in the effects file/,
  );
  assert.match(
    checkWorkflows(store, IDS, `${effects}c:0 x\n`).problems.join("\n"),
    /unexpected line "c:0 x"/,
  );
  assert.match(
    checkWorkflows(store, IDS, `${effects}a:0 a/0\n`).problems.join("\n"),
    /unexpected line "a:0 a\/0"/,
  );
});

Deno.test("crash check: a count with no count step, or a journal cut short, is a problem", async () => {
  using store = memoryStore();
  const effects = await finished(store);
  // A count with no count step, as a put committed apart from its step leaves it.
  store.create(
    { id: "c", kind: "replay", file: "/crash.ts", source: "", startAt: EPOCH },
    EPOCH,
  );
  const claimed = store.claim("tamper", EPOCH, EPOCH + 1000);
  assert.equal(claimed?.workflow.id, "c");
  store.commit("c", "tamper", EPOCH, {
    step: { seq: 0, name: "effect-0", result: effectValue("c", 0) },
    writes: new Map([["count", 1]]),
  });
  const found = checkWorkflows(
    store,
    ["c"],
    `c:0 ${effectValue("c", 0)}\n`,
    false,
  ).problems;
  assert.deepEqual(found, ['c: state {"count":1} after 0 count steps']);
  const unfinished = checkWorkflows(store, ["c"], "", true).problems.join("\n");
  assert.match(unfinished, /c: running, not completed/);
  assert.match(unfinished, /c: journal effect-0, expected effect-0,sleep/);
  assert.match(
    unfinished,
    /c: effect-0 is journaled, but c:0 is not in the effects file/,
  );
  assert.deepEqual(checkWorkflows(store, IDS, effects).problems, []);
});
