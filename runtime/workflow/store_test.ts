// The store's given parts: lesson 15's tests cover commit and claim.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import {
  StoreError,
  UnknownWorkflowError,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";
import { EPOCH, memoryStore } from "./testing.ts";

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

Deno.test("store: another program's SQLite file is refused, and left as it was", async () => {
  const scratch = new URL("../../.bounce/workflow-tests/", import.meta.url);
  await Deno.mkdir(scratch, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: fileURLToPath(scratch) });
  try {
    const path = `${dir}/notes.db`;
    const other = new DatabaseSync(path);
    other.exec(
      "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me')",
    );
    other.close();
    assert.throws(
      () => WorkflowStore.open(path),
      (error) =>
        error instanceof StoreError &&
        /is an SQLite database, but not a workflow store\. Nothing was changed/
          .test(error.message),
    );
    const after = new DatabaseSync(path);
    const tables = after.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table'",
    ).all();
    after.close();
    assert.deepEqual(tables.map((t) => t.name), ["notes"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("store: a renewal moves on the leases of the workflows named, and no others", () => {
  using store = memoryStore();
  add(store, "a");
  add(store, "b");
  store.claim("w1", EPOCH, EPOCH + 1000);
  store.claim("w1", EPOCH, EPOCH + 1000);
  assert.equal(store.renew("w1", ["a", "nope"], EPOCH + 5000), 1);
  assert.equal(store.renew("w2", ["b"], EPOCH + 5000), 0, "not w2's to renew");
  assert.equal(store.claim("w2", EPOCH + 1000, EPOCH + 2000)?.workflow.id, "b");
  assert.equal(
    store.claim("w2", EPOCH + 1000, EPOCH + 2000),
    undefined,
    "a's lease was moved on",
  );
});
