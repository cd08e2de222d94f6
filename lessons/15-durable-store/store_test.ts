import assert from "node:assert/strict";
import {
  type Commit,
  type Json,
  LostLeaseError,
  type StoreOptions,
  UnknownWorkflowError,
  WorkflowStore,
} from "./store.ts";

/** 2026-01-01T00:00:00Z: the tests' "now". */
const T = Date.UTC(2026, 0, 1);
const LEASE = 1000;

function open(options: StoreOptions = {}): WorkflowStore {
  return WorkflowStore.open(":memory:", options);
}

function add(store: WorkflowStore, id: string, startAt = T): void {
  store.create(
    { id, kind: "replay", file: `/${id}.ts`, source: "", startAt },
    T,
  );
}

/** Add `id` and claim it for `owner`. */
function running(store: WorkflowStore, id: string, owner = "w1"): void {
  add(store, id);
  const claim = store.claim(owner, T, T + LEASE);
  assert.equal(claim?.workflow.id, id, `${id} is claimed`);
}

// ── Task 1: commit ─────────────────────────────────────────────────────────────

Deno.test("commit: a step's record, its puts and its consumed signal are written together", () => {
  using store = open();
  running(store, "a");
  store.signal("a", "go", "yes", "key-1", T);
  const signal = store.nextSignal("a", "go");
  store.commit("a", "w1", T + 1, {
    step: { seq: 0, name: "pay", result: { paid: 10 } },
    writes: new Map<string, Json>([["balance", 90], ["status", "paid"]]),
    consumed: signal?.seq,
  });
  assert.deepEqual(store.steps("a"), [
    { seq: 0, name: "pay", result: { paid: 10 }, error: null },
  ]);
  assert.deepEqual(
    store.state("a"),
    new Map<string, unknown>([["balance", 90], ["status", "paid"]]),
  );
  assert.equal(
    store.nextSignal("a", "go"),
    undefined,
    "the signal is consumed",
  );
  assert.equal(
    store.get("a").status,
    "running",
    "a step alone does not end it",
  );
  assert.equal(store.get("a").updatedAt, T + 1);
});

Deno.test("commit: a step that failed is recorded with its error", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, {
    step: { seq: 0, name: "pay", result: null, error: "card declined" },
  });
  assert.deepEqual(store.steps("a"), [
    { seq: 0, name: "pay", result: null, error: "card declined" },
  ]);
});

Deno.test("commit: a later put of a key replaces its value", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, {
    step: { seq: 0, name: "s", result: 1 },
    writes: new Map([["n", 1]]),
  });
  store.commit("a", "w1", T, {
    step: { seq: 1, name: "s", result: 2 },
    writes: new Map([["n", 2]]),
  });
  assert.deepEqual(store.state("a"), new Map([["n", 2]]));
});

Deno.test("commit: when it fails half-way, nothing of it is written", () => {
  let crash = true;
  using store = open({
    beforeCommit: () => {
      if (crash) throw new Error("killed mid-commit");
    },
  });
  running(store, "a");
  store.signal("a", "go", 1, "key-1", T);
  const commit: Commit = {
    step: { seq: 0, name: "s", result: 1 },
    writes: new Map([["n", 1]]),
    consumed: store.nextSignal("a", "go")?.seq,
    snapshot: new Uint8Array([1, 2, 3]),
    park: { wakeAt: T + 500, waitingFor: null },
  };
  assert.throws(() => store.commit("a", "w1", T, commit), /killed mid-commit/);
  assert.deepEqual(store.steps("a"), []);
  assert.deepEqual(store.state("a"), new Map());
  assert.equal(store.nextSignal("a", "go")?.value, 1);
  assert.equal(store.get("a").status, "running");
  crash = false;
  store.commit("a", "w1", T, commit);
  assert.equal(
    store.steps("a").length,
    1,
    "the same commit goes through once it can",
  );
  assert.equal(store.get("a").status, "sleeping");
});

Deno.test("commit: the hook before COMMIT runs once per commit, after the writes", () => {
  const seen: number[] = [];
  let store: WorkflowStore | undefined = undefined;
  using opened = open({
    beforeCommit: () => seen.push(store?.steps("a").length ?? -1),
  });
  store = opened;
  running(opened, "a");
  opened.commit("a", "w1", T, { step: { seq: 0, name: "s", result: 1 } });
  assert.deepEqual(seen, [1], "it sees the step inside the transaction");
});

Deno.test("commit: a worker that does not own the workflow writes nothing", () => {
  using store = open();
  running(store, "a", "w1");
  assert.throws(
    () =>
      store.commit("a", "w2", T, {
        step: { seq: 0, name: "s", result: 1 },
        writes: new Map([["n", 1]]),
      }),
    (error) =>
      error instanceof LostLeaseError && error.id === "a" &&
      /another worker/.test(error.message),
  );
  assert.deepEqual(store.steps("a"), []);
  assert.deepEqual(store.state("a"), new Map());
});

Deno.test("commit: a workflow that is no longer running takes no commit, even from its owner", () => {
  using store = open();
  running(store, "a");
  store.cancel("a", T);
  assert.throws(
    () =>
      store.commit("a", "w1", T, {
        finish: { status: "completed", result: 1 },
      }),
    (error) =>
      error instanceof LostLeaseError &&
      /it is cancelled now/.test(error.message),
  );
  assert.equal(store.get("a").status, "cancelled");
});

Deno.test("commit: an unknown workflow is an UnknownWorkflowError", () => {
  using store = open();
  assert.throws(() => store.commit("nope", "w1", T, {}), UnknownWorkflowError);
});

Deno.test("commit: a step already recorded is refused, and nothing else of that commit is written", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, {
    step: { seq: 0, name: "inc", result: 1 },
    writes: new Map([["n", 1]]),
  });
  assert.throws(
    () =>
      store.commit("a", "w1", T, {
        step: { seq: 0, name: "inc", result: 2 },
        writes: new Map([["n", 2]]),
        finish: { status: "completed", result: 2 },
      }),
    (error) =>
      error instanceof LostLeaseError &&
      /step 0 is recorded already/.test(error.message),
  );
  assert.deepEqual(store.steps("a").map((s) => s.result), [1]);
  assert.deepEqual(store.state("a"), new Map([["n", 1]]));
  assert.equal(store.get("a").status, "running");
});

Deno.test("commit: a signal consumed already, or another workflow's, cannot be consumed", () => {
  using store = open();
  running(store, "a");
  running(store, "b");
  store.signal("a", "go", 1, "key-a", T);
  store.signal("b", "go", 2, "key-b", T);
  const forA = store.nextSignal("a", "go")?.seq;
  const forB = store.nextSignal("b", "go")?.seq;
  assert.throws(
    () =>
      store.commit("a", "w1", T, {
        step: { seq: 0, name: "signal:go", result: 2 },
        consumed: forB,
      }),
    LostLeaseError,
  );
  assert.equal(
    store.nextSignal("b", "go")?.value,
    2,
    "b's signal is still b's",
  );
  assert.deepEqual(store.steps("a"), [], "and a's step was not recorded");
  store.commit("a", "w1", T, {
    step: { seq: 0, name: "signal:go", result: 1 },
    consumed: forA,
  });
  assert.throws(
    () =>
      store.commit("a", "w1", T, {
        step: { seq: 1, name: "signal:go", result: 1 },
        consumed: forA,
      }),
    LostLeaseError,
  );
});

Deno.test("commit: a snapshot is kept, and the next claim hands it back", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, {
    snapshot: new Uint8Array([7, 8, 9]),
    park: { wakeAt: T + 10, waitingFor: null },
  });
  const claim = store.claim("w2", T + 10, T + 10 + LEASE);
  assert.deepEqual(claim?.snapshot, new Uint8Array([7, 8, 9]));
});

Deno.test("commit: finishing records the result, and lets go of the workflow", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T + 5, {
    finish: { status: "completed", result: { total: 3 } },
  });
  const done = store.get("a");
  assert.equal(done.status, "completed");
  assert.deepEqual(done.result, { total: 3 });
  assert.equal(done.error, null);
  assert.equal(done.updatedAt, T + 5);
  assert.equal(
    store.claim("w2", T + 10 * LEASE, T + 11 * LEASE),
    undefined,
    "never claimed again",
  );
  assert.equal(
    store.nextDueAt(),
    undefined,
    "no lease of it is left to run out",
  );
});

Deno.test("commit: failing records why", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, {
    finish: { status: "failed", error: "TypeError: x is null" },
  });
  assert.equal(store.get("a").status, "failed");
  assert.equal(store.get("a").error, "TypeError: x is null");
  assert.equal(store.get("a").result, null);
});

Deno.test("commit: parking in a sleep lets go of the workflow until its time", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, { park: { wakeAt: T + 500, waitingFor: null } });
  const parked = store.get("a");
  assert.equal(parked.status, "sleeping");
  assert.equal(parked.wakeAt, T + 500);
  assert.equal(parked.waitingFor, null);
  assert.equal(store.claim("w1", T + 499, T + 2000), undefined);
  assert.equal(
    store.claim("w2", T + 500, T + 2000)?.workflow.id,
    "a",
    "any worker may wake it",
  );
});

Deno.test("commit: parking to wait for a signal waits for it, unless it came already", () => {
  using store = open();
  running(store, "a");
  running(store, "b");
  store.signal("a", "go", 1, "key-a", T);
  store.commit("a", "w1", T + 5, { park: { wakeAt: null, waitingFor: "go" } });
  store.commit("b", "w1", T + 5, { park: { wakeAt: null, waitingFor: "go" } });
  assert.equal(
    store.get("a").wakeAt,
    T + 5,
    "a's signal is there: due at once",
  );
  assert.equal(store.get("b").wakeAt, null, "b waits");
  assert.equal(store.get("b").waitingFor, "go");
  assert.equal(store.get("b").status, "sleeping");
  assert.equal(store.claim("w2", T + 5, T + 2000)?.workflow.id, "a");
  assert.equal(
    store.claim("w2", T + 1999, T + 3000),
    undefined,
    "b needs its signal",
  );
  store.signal("b", "go", 2, "key-b", T + 6);
  assert.equal(store.claim("w2", T + 6, T + 2000)?.workflow.id, "b");
});

// ── Task 2: claim ──────────────────────────────────────────────────────────────

Deno.test("claim: a workflow is not claimed before it is due", () => {
  using store = open();
  add(store, "a", T + 100);
  assert.equal(store.claim("w1", T + 99, T + 99 + LEASE), undefined);
  assert.equal(store.get("a").status, "pending");
  const claim = store.claim("w1", T + 100, T + 100 + LEASE);
  assert.equal(claim?.workflow.id, "a");
});

Deno.test("claim: the claim makes it the worker's, running, one attempt more", () => {
  using store = open();
  add(store, "a");
  const claim = store.claim("w1", T, T + LEASE);
  assert.equal(claim?.workflow.status, "running");
  assert.equal(claim?.workflow.attempts, 1);
  assert.equal(claim?.snapshot, null);
  assert.deepEqual(claim?.steps, []);
  // Its owner may commit; that is how the test sees whose it is.
  store.commit("a", "w1", T, { step: { seq: 0, name: "s", result: 1 } });
});

Deno.test("claim: one workflow goes to one worker", () => {
  using store = open();
  add(store, "a");
  assert.equal(store.claim("w1", T, T + LEASE)?.workflow.id, "a");
  assert.equal(store.claim("w2", T, T + LEASE), undefined);
  assert.equal(
    store.claim("w2", T + LEASE - 1, T + 2 * LEASE),
    undefined,
    "inside w1's lease",
  );
});

Deno.test("claim: a workflow whose lease ran out is recovered, with its journal", () => {
  using store = open();
  running(store, "a", "w1");
  store.commit("a", "w1", T, { step: { seq: 0, name: "s", result: "one" } });
  const claim = store.claim("w2", T + LEASE, T + 2 * LEASE);
  assert.equal(claim?.workflow.id, "a");
  assert.equal(claim?.workflow.attempts, 2);
  assert.deepEqual(claim?.steps, [{
    seq: 0,
    name: "s",
    result: "one",
    error: null,
  }]);
  assert.equal(claim?.journalLength, 1);
  assert.throws(
    () =>
      store.commit("a", "w1", T + LEASE, {
        step: { seq: 1, name: "s", result: 2 },
      }),
    LostLeaseError,
    "the old owner is fenced off",
  );
});

Deno.test("claim: the workflow due longest goes first", () => {
  using store = open();
  add(store, "late", T + 30);
  add(store, "early", T + 10);
  add(store, "middle", T + 20);
  const order = [1, 2, 3].map(() =>
    store.claim("w1", T + 100, T + 100 + LEASE)?.workflow.id
  );
  assert.deepEqual(order, ["early", "middle", "late"]);
});

Deno.test("claim: finished workflows are never claimed", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, { finish: { status: "completed", result: 1 } });
  add(store, "b");
  store.cancel("b", T);
  assert.equal(store.claim("w2", T + 1e9, T + 1e9 + LEASE), undefined);
});

Deno.test("claim: a workflow woken by its signal no longer shows it waits", () => {
  using store = open();
  running(store, "a");
  store.commit("a", "w1", T, { park: { wakeAt: null, waitingFor: "go" } });
  store.signal("a", "go", 1, "k", T + 1);
  const claim = store.claim("w1", T + 1, T + 1 + LEASE);
  assert.equal(claim?.workflow.waitingFor, null);
});

Deno.test("claim: a snapshot workflow gets its journal's length, not its journal", () => {
  using store = open();
  store.create({
    id: "lox",
    kind: "snapshot",
    file: "/a.lox",
    source: "",
    startAt: T,
  }, T);
  store.claim("w1", T, T + LEASE);
  store.commit("lox", "w1", T, {
    step: { seq: 0, name: "a", result: 1 },
    snapshot: new Uint8Array([1]),
  });
  store.commit("lox", "w1", T, {
    step: { seq: 1, name: "b", result: 2 },
    snapshot: new Uint8Array([2]),
  });
  const claim = store.claim("w2", T + LEASE, T + 2 * LEASE);
  assert.equal(claim?.journalLength, 2);
  assert.deepEqual(claim?.steps, []);
  assert.deepEqual(claim?.snapshot, new Uint8Array([2]));
});
