import assert from "node:assert/strict";
import { join } from "node:path";
import { checkWorkflows } from "./crash/check.ts";
import {
  type CrashReport,
  crashRun,
  KILL_KINDS,
  startCrashWorkflows,
  totalKills,
} from "./crash/harness.ts";
import { COURSE_ROOT, runWorker, type WorkerSpec } from "./crash/process.ts";
import { freshSeed } from "./crash/random.ts";
import { WorkflowStore } from "../../lessons/15-durable-store/store.ts";

// Real processes, real kills: the one thing these tests cannot fake is time. No
// assertion depends on it; every wait has a limit that fails with a message.

/** Set it to a printed seed to take a failed run's decisions again. */
const SEED_VARIABLE = "BOUNCE_CRASH_SEED";

/** Where the runs keep their stores: left in place, and named, when a test fails. */
const SCRATCH = join(COURSE_ROOT, ".bounce/workflow-tests");

const WORKER_TIMEOUT_MS = 30_000;

function seed(): number {
  const asked = Deno.permissions.querySync({
      name: "env",
      variable: SEED_VARIABLE,
    }).state === "granted"
    ? Deno.env.get(SEED_VARIABLE)
    : undefined;
  if (asked === undefined || asked === "") return freshSeed();
  const seed = Number(asked);
  if (!Number.isInteger(seed)) {
    throw new RangeError(
      `${SEED_VARIABLE} is "${asked}": give the whole number a run printed`,
    );
  }
  return seed;
}

/**
 * The import map the workers need to run the same code as this test: when `deno
 * task check` runs the runtime's tests on the reference, lessons resolve to
 * solutions through the map it wrote. (The workers check that they agree.)
 */
function importMap(): string | undefined {
  const plain = new URL("../../lessons/01-futures/future.ts", import.meta.url);
  const mapped = import.meta.resolve("../../lessons/01-futures/future.ts");
  return mapped === plain.href
    ? undefined
    : join(COURSE_ROOT, ".bounce/import-maps/runtime.reference.json");
}

/** A fresh folder for one run; `body` gets it; removed unless the run failed. */
async function inScratch(
  body: (dir: string) => Promise<void>,
): Promise<void> {
  await Deno.mkdir(SCRATCH, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: SCRATCH, prefix: "run-" });
  try {
    await body(dir);
  } catch (error) {
    console.log(`the run's store and effects are kept in ${dir}`);
    throw error;
  }
  await Deno.remove(dir, { recursive: true });
}

function summary(report: CrashReport): string {
  const kills = KILL_KINDS.map((k) => `${k} ${report.kills.get(k)}`);
  return `seed ${report.seed}: ${totalKills(report)} kills (${
    kills.join(", ")
  }) in ${report.workers} workers, each kill followed by a check; ${report.workflows} workflows in ${report.batches} batches checked, ${report.steps} journal entries, ${report.repeatedEffects} effects repeated and deduplicated`;
}

Deno.test("crash: workers killed at every fault point and from outside still finish every workflow, each effect once by key and each count exactly once", async () => {
  const run = seed();
  console.log(
    `seed ${run} (${SEED_VARIABLE}=${run} takes its decisions again)`,
  );
  await inScratch(async (dir) => {
    const report = await crashRun({
      dir,
      seed: run,
      kills: 25,
      workflows: 6,
      loxWorkflows: 2,
      leaseMs: 250,
      importMap: importMap(),
      workerTimeoutMs: WORKER_TIMEOUT_MS,
    });
    console.log(summary(report));
    assert.deepEqual(report.problems, [], summary(report));
    assert.ok(totalKills(report) >= 25, summary(report));
    assert.equal(report.checksAfterKills, totalKills(report));
    for (const point of KILL_KINDS.slice(0, 4)) {
      assert.ok(
        (report.kills.get(point) ?? 0) > 0,
        `no kill at ${point}: ${summary(report)}`,
      );
    }
    const external = KILL_KINDS.slice(4).reduce(
      (n, k) => n + (report.kills.get(k) ?? 0),
      0,
    );
    assert.ok(external > 0, `no kill from outside: ${summary(report)}`);
    assert.equal(report.workflows, 8 * report.batches);
  });
});

Deno.test("crash: two workers recovering a dead worker's workflows at once: each claim is won by one, nothing is doubled, both exit 0", async () => {
  await inScratch(async (dir) => {
    const db = join(dir, "workflows.db");
    const effects = join(dir, "effects.log");
    const ids = ["w0", "w1", "w2", "w-lox0"];
    {
      using store = WorkflowStore.open(db);
      startCrashWorkflows(store, ids);
    }
    const spec = (owner: string, faults = ""): WorkerSpec => ({
      owner,
      dir,
      db,
      effects,
      importMap: importMap(),
      faults,
      seed: 1,
      // Long enough that a live worker slowed by a loaded machine keeps its claims.
      leaseMs: 1000,
      timeoutMs: WORKER_TIMEOUT_MS,
    });
    // It claims all four, then dies after the first effect, before its record.
    const dead = await runWorker(spec("dead", "after-effect=1"));
    assert.equal(dead.signal, "SIGKILL", dead.stderr);
    assert.deepEqual(
      dead.lines.filter((l) => l.kind === "fault"),
      [{ kind: "fault", point: "after-effect" }],
    );
    const applied = (await Deno.readTextFile(effects)).split("\n")
      .filter(Boolean);
    assert.equal(applied.length, 1, "one effect happened before the kill");
    {
      using store = WorkflowStore.open(db);
      assert.deepEqual(
        ids.map((id) => store.get(id).status),
        ["running", "running", "running", "running"],
        "the dead worker left its claims running",
      );
    }

    const [a, b] = await Promise.all([
      runWorker(spec("a")),
      runWorker(spec("b")),
    ]);
    for (const exit of [a, b]) {
      assert.equal(exit.code, 0, `${exit.owner}: ${exit.stderr}`);
    }
    using store = WorkflowStore.open(db);
    const found = checkWorkflows(store, ids, await Deno.readTextFile(effects));
    assert.deepEqual(found.problems, []);
    // The effect the dead worker made without recording it ran again (and is
    // deduplicated by its key): at least once, as promised for effects outside.
    assert.ok(found.repeatedEffects >= 1);
    const log = await Deno.readTextFile(effects);
    assert.ok(log.split(`${applied[0]}\n`).length - 1 >= 2, log);

    // Every claim was won by one worker: the dead one claimed each workflow once
    // (its claims were left running), then a and b took turns, never the same one.
    const claims = [a, b].flatMap((exit) =>
      exit.lines.flatMap((l) =>
        l.kind === "claim" ? [`${l.id}#${l.attempt}`] : []
      )
    );
    assert.equal(new Set(claims).size, claims.length, claims.join(" "));
    for (const id of ids) {
      const won = claims.filter((c) => c.startsWith(`${id}#`)).length;
      assert.equal(
        1 + won,
        store.get(id).attempts,
        `${id}: ${claims.join(" ")}`,
      );
      assert.ok(
        claims.includes(`${id}#2`),
        `${id} was recovered: ${claims.join(" ")}`,
      );
    }
  });
});
