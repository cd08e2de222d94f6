import assert from "node:assert/strict";
import {
  LostLeaseError,
  StoreError,
  UnknownWorkflowError,
  type WorkflowStore,
} from "./store.ts";
import { EPOCH, memoryStore } from "./testing.ts";

const LEASE = 1000;

function add(store: WorkflowStore, id: string, startAt = EPOCH): void {
  store.create(
    { id, kind: "replay", file: `/${id}.ts`, source: "src", startAt },
    EPOCH,
  );
}

Deno.test("store: starting an id that exists changes nothing and answers the existing one", () => {
  using store = memoryStore();
  const first = store.create(
    { id: "a", kind: "replay", file: "/a.ts", source: "one", startAt: EPOCH },
    EPOCH,
  );
  const again = store.create(
    { id: "a", kind: "snapshot", file: "/b.lox", source: "two", startAt: 0 },
    EPOCH + 5,
  );
  assert.equal(first.created, true);
  assert.equal(again.created, false);
  assert.deepEqual(again.workflow, first.workflow);
  assert.equal(store.list().length, 1);
});

Deno.test("store: a workflow is claimed once it is due, by one worker at a time", () => {
  using store = memoryStore();
  add(store, "a", EPOCH + 100);
  assert.equal(store.claim("w1", EPOCH + 99, EPOCH + 99 + LEASE), undefined);
  const claim = store.claim("w1", EPOCH + 100, EPOCH + 100 + LEASE);
  assert.equal(claim?.workflow.id, "a");
  assert.equal(claim?.workflow.status, "running");
  assert.equal(claim?.workflow.attempts, 1);
  assert.equal(store.claim("w2", EPOCH + 100, EPOCH + 100 + LEASE), undefined);
  // Still inside w1's lease: w2 must not take it; at its end, w2 may.
  assert.equal(store.claim("w2", EPOCH + 99 + LEASE, EPOCH + 3000), undefined);
  assert.equal(
    store.claim("w2", EPOCH + 100 + LEASE, EPOCH + 3000)?.workflow.id,
    "a",
  );
});

Deno.test("store: a lease that ran out lets another worker recover the workflow", () => {
  using store = memoryStore();
  add(store, "a");
  store.claim("w1", EPOCH, EPOCH + LEASE);
  const recovered = store.claim("w2", EPOCH + LEASE + 1, EPOCH + 2 * LEASE);
  assert.equal(recovered?.workflow.id, "a");
  assert.equal(recovered?.workflow.attempts, 2);
  assert.throws(
    () =>
      store.commit("a", "w1", EPOCH + LEASE + 2, {
        step: { seq: 0, name: "s", result: 1 },
      }),
    (error) =>
      error instanceof LostLeaseError && /another worker/.test(error.message),
  );
  assert.deepEqual(store.steps("a"), [], "the old owner recorded nothing");
});

Deno.test("store: renewing a lease keeps the workflow from being recovered", () => {
  using store = memoryStore();
  add(store, "a");
  store.claim("w1", EPOCH, EPOCH + LEASE);
  assert.equal(store.renew("w1", EPOCH + 5 * LEASE), 1);
  assert.equal(
    store.claim("w2", EPOCH + 2 * LEASE, EPOCH + 3 * LEASE),
    undefined,
  );
});

Deno.test("store: a step, its puts and its signal commit together, or not at all", () => {
  let crash = false;
  using store = memoryStore({
    beforeCommit: () => {
      if (crash) throw new Error("killed mid-commit");
    },
  });
  add(store, "a");
  store.claim("w1", EPOCH, EPOCH + LEASE);
  store.signal("a", "go", "yes", "k", EPOCH);
  const signal = store.nextSignal("a", "go");
  assert.equal(signal?.value, "yes");
  const commit = {
    step: { seq: 0, name: "s", result: { ok: true } },
    writes: new Map([["n", 1]]),
    consumed: signal?.seq,
  };
  crash = true;
  assert.throws(
    () => store.commit("a", "w1", EPOCH, commit),
    /killed mid-commit/,
  );
  assert.deepEqual(store.steps("a"), []);
  assert.deepEqual(store.state("a"), new Map());
  assert.equal(store.nextSignal("a", "go")?.value, "yes");
  crash = false;
  store.commit("a", "w1", EPOCH, commit);
  assert.deepEqual(store.steps("a"), [
    { seq: 0, name: "s", result: { ok: true }, error: null },
  ]);
  assert.deepEqual(store.state("a"), new Map([["n", 1]]));
  assert.equal(store.nextSignal("a", "go"), undefined);
});

Deno.test("store: a step recorded twice is refused, and the second commit writes nothing", () => {
  using store = memoryStore();
  add(store, "a");
  store.claim("w1", EPOCH, EPOCH + LEASE);
  store.commit("a", "w1", EPOCH, {
    step: { seq: 0, name: "inc", result: 1 },
    writes: new Map([["n", 1]]),
  });
  assert.throws(
    () =>
      store.commit("a", "w1", EPOCH, {
        step: { seq: 0, name: "inc", result: 2 },
        writes: new Map([["n", 2]]),
      }),
    (error) =>
      error instanceof LostLeaseError &&
      /step 0 is recorded/.test(error.message),
  );
  assert.deepEqual(store.state("a"), new Map([["n", 1]]));
  assert.equal(store.steps("a").length, 1);
});

Deno.test("store: parking to wait for a signal that came meanwhile makes it due at once", () => {
  using store = memoryStore();
  add(store, "a");
  add(store, "b");
  store.claim("w1", EPOCH, EPOCH + LEASE);
  store.claim("w1", EPOCH, EPOCH + LEASE);
  store.signal("a", "go", 1, "k", EPOCH);
  store.commit("a", "w1", EPOCH + 5, {
    park: { wakeAt: null, waitingFor: "go" },
  });
  store.commit("b", "w1", EPOCH + 5, {
    park: { wakeAt: null, waitingFor: "go" },
  });
  assert.equal(store.get("a").status, "sleeping");
  assert.equal(store.get("a").wakeAt, EPOCH + 5);
  assert.equal(store.get("b").wakeAt, null, "no signal: it waits for one");
  store.signal("b", "other", 1, "k2", EPOCH + 6);
  assert.equal(store.get("b").wakeAt, null, "another signal does not wake it");
  store.signal("b", "go", 2, "k3", EPOCH + 7);
  assert.equal(store.get("b").wakeAt, EPOCH + 7);
});

Deno.test("store: a signal is delivered once per key, and never to a finished workflow", () => {
  using store = memoryStore();
  add(store, "a");
  assert.deepEqual(store.signal("a", "go", 1, "k", EPOCH), { delivered: true });
  assert.deepEqual(store.signal("a", "go", 2, "k", EPOCH), {
    delivered: false,
  });
  assert.equal(store.nextSignal("a", "go")?.value, 1);
  store.cancel("a", EPOCH);
  assert.throws(() => store.signal("a", "go", 3, "k9", EPOCH), StoreError);
  assert.throws(
    () => store.signal("nope", "go", 3, "k8", EPOCH),
    UnknownWorkflowError,
  );
});

Deno.test("store: a cancelled workflow's worker commits nothing more", () => {
  using store = memoryStore();
  add(store, "a");
  store.claim("w1", EPOCH, EPOCH + LEASE);
  assert.equal(store.cancel("a", EPOCH), "running");
  assert.throws(
    () =>
      store.commit("a", "w1", EPOCH, {
        finish: { status: "completed", result: 1 },
      }),
    (error) =>
      error instanceof LostLeaseError && /cancelled/.test(error.message),
  );
  assert.equal(store.get("a").status, "cancelled");
  assert.equal(
    store.cancel("a", EPOCH),
    "cancelled",
    "cancelling twice is harmless",
  );
});

Deno.test("store: a schedule starts one run per beat, and skips the beats nobody ran", () => {
  using store = memoryStore();
  store.createSchedule({
    id: "tick",
    kind: "replay",
    file: "/t.ts",
    source: "",
    everyMs: 100,
    startAt: EPOCH,
  });
  assert.equal(store.startDueSchedules(EPOCH - 1), 0);
  assert.equal(store.startDueSchedules(EPOCH), 1);
  assert.equal(store.startDueSchedules(EPOCH + 50), 0, "once per beat");
  assert.equal(store.schedule("tick")?.nextAt, EPOCH + 100);
  // Nobody ran for three beats: one run now, and the next on the beat.
  assert.equal(store.startDueSchedules(EPOCH + 350), 1);
  assert.equal(store.schedule("tick")?.nextAt, EPOCH + 400);
  assert.deepEqual(store.list().map((w) => [w.id, w.scheduleId, w.wakeAt]), [
    ["tick-1", "tick", EPOCH],
    ["tick-2", "tick", EPOCH + 350],
  ]);
  store.cancel("tick", EPOCH);
  assert.equal(store.startDueSchedules(EPOCH + 10_000), 0);
});

Deno.test("store: the next due time counts starts, sleeps, leases and schedules", () => {
  using store = memoryStore();
  assert.equal(store.nextDueAt(), undefined);
  add(store, "a", EPOCH + 500);
  assert.equal(store.nextDueAt(), EPOCH + 500);
  add(store, "b", EPOCH);
  store.claim("w1", EPOCH, EPOCH + 200);
  assert.equal(store.nextDueAt(), EPOCH + 200, "b's lease runs out first");
  store.createSchedule({
    id: "s",
    kind: "replay",
    file: "/t.ts",
    source: "",
    everyMs: 100,
    startAt: EPOCH + 50,
  });
  assert.equal(store.nextDueAt(), EPOCH + 50);
});

Deno.test("store: a schedule's id cannot be a workflow's", () => {
  using store = memoryStore();
  add(store, "a");
  assert.throws(
    () =>
      store.createSchedule({
        id: "a",
        kind: "replay",
        file: "/t.ts",
        source: "",
        everyMs: 100,
        startAt: EPOCH,
      }),
    StoreError,
  );
});

Deno.test("store: a new store's file passes SQLite's integrity check", () => {
  using store = memoryStore();
  add(store, "a");
  assert.deepEqual(store.integrityCheck(), ["ok"]);
});
