/**
 * The crash run: start a batch of crash workflows (TypeScript and Lox) in a store,
 * then start a worker process, kill it (by fault injection at a named point, or
 * with SIGKILL from outside at a random moment), check what the kill left
 * (check.ts), start another, and so on, until the batch is finished; check it
 * whole; start another batch, until the run has killed as many workers as asked.
 * The kills stop there: the last workers run in peace, so every workflow ends.
 *
 * Every choice comes from one seeded generator; the seed is in the report. Only
 * one worker runs at a time, so a kill is always of the worker that holds the
 * claims, and a recovery always waits out a dead worker's lease.
 *
 * @module
 */

import { join } from "node:path";
import type { FaultPoint } from "../faults.ts";
import {
  isFinished,
  WorkflowStore,
} from "../../../lessons/15-durable-store/store.ts";
import { checkWorkflows } from "./check.ts";
import { runWorker, type WorkerExit } from "./process.ts";
import { seeded } from "./random.ts";
import { isLox, loxSource } from "./workflow.ts";

/** Where a worker was killed. External kills are told apart by what it was doing. */
export type KillKind =
  | FaultPoint
  | "external, running a workflow"
  | "external, during a sleep"
  | "external, waiting for work";

/** Every kind of kill, in the order a report lists them. */
export const KILL_KINDS: readonly KillKind[] = [
  "before-step",
  "after-effect",
  "mid-commit",
  "after-commit",
  "external, running a workflow",
  "external, during a sleep",
  "external, waiting for work",
];

/** How a run kills: one fault point, with its chance at each pass, or from outside. */
type Mode =
  | {
    readonly kind: "fault";
    readonly point: FaultPoint;
    readonly chance: number;
  }
  | { readonly kind: "external"; readonly maxDelayMs: number }
  | { readonly kind: "none" };

const MODES: readonly Mode[] = [
  { kind: "fault", point: "before-step", chance: 0.15 },
  { kind: "fault", point: "after-effect", chance: 0.15 },
  { kind: "fault", point: "mid-commit", chance: 0.1 },
  { kind: "fault", point: "after-commit", chance: 0.1 },
  { kind: "external", maxDelayMs: 150 },
];

/** What a crash run is asked to do. */
export interface CrashRunOptions {
  /** An empty folder for the store and the effects files. */
  readonly dir: string;
  /** The seed every choice is drawn from. */
  readonly seed: number;
  /** How many workers to kill. */
  readonly kills: number;
  /** How many TypeScript (replay) workflows each batch starts. */
  readonly workflows: number;
  /** How many Lox (snapshot) workflows each batch starts besides: none by default. */
  readonly loxWorkflows?: number;
  /** The workers' lease, in ms: how long a dead worker's workflows wait. */
  readonly leaseMs: number;
  /** The import map the workers run under (the harness's own). */
  readonly importMap?: string;
  /** The longest one worker process may run, in ms. */
  readonly workerTimeoutMs: number;
  /** Called after each batch is checked. */
  readonly onBatch?: (report: CrashReport) => void;
}

/** What a crash run did and found. */
export interface CrashReport {
  readonly seed: number;
  /** Worker processes started. */
  workers: number;
  /** Workers killed, by where. */
  readonly kills: Map<KillKind, number>;
  /** Checks of the store and effects made just after a worker was killed. */
  checksAfterKills: number;
  /** Batches finished and checked. */
  batches: number;
  /** Workflows checked. */
  workflows: number;
  /** Journal entries checked. */
  steps: number;
  /** Effects written again by a step run again after a kill (deduplicated by key). */
  repeatedEffects: number;
  /** What the checks found wrong, each line prefixed with its batch or its kill. */
  readonly problems: string[];
}

/** The harness itself could not go on: a worker failed, hung or never finished. */
export class CrashHarnessError extends Error {
  /**
   * @param message what happened.
   * @param seed the run's seed, to run it again.
   */
  constructor(message: string, readonly seed: number) {
    super(`${message} (seed ${seed})`);
    this.name = "CrashHarnessError";
  }
}

/** The total of a report's kills. */
export function totalKills(report: CrashReport): number {
  let total = 0;
  for (const n of report.kills.values()) total += n;
  return total;
}

/**
 * Run the crash loop described in the module's comment; its report. Throws
 * {@linkcode CrashHarnessError} if a worker fails for any reason but a kill.
 */
export async function crashRun(options: CrashRunOptions): Promise<CrashReport> {
  const random = seeded(options.seed);
  const report: CrashReport = {
    seed: options.seed,
    workers: 0,
    kills: new Map(KILL_KINDS.map((k) => [k, 0])),
    checksAfterKills: 0,
    batches: 0,
    workflows: 0,
    steps: 0,
    repeatedEffects: 0,
    problems: [],
  };
  const db = join(options.dir, "workflows.db");
  using store = WorkflowStore.open(db);
  // Each kind of kill in turn, from a random start, so a short run has them all.
  const firstMode = Math.floor(random() * MODES.length);
  // About 1.2 workers a kill is usual: a run whose kills do not happen (fault
  // injection broken, say) fails here in minutes rather than looping on.
  const maxWorkers = 4 * options.kills + 50;
  const start = (number: number) =>
    startBatch(store, number, options.workflows, options.loxWorkflows ?? 0);
  let batch = start(0);
  while (true) {
    if (batch.ids.every((id) => isFinished(store.get(id).status))) {
      const found = checkWorkflows(
        store,
        batch.ids,
        await readEffects(batch.effects),
      );
      report.batches++;
      report.workflows += found.workflows;
      report.steps += found.steps;
      report.repeatedEffects += found.repeatedEffects;
      report.problems.push(
        ...found.problems.map((p) => `batch ${batch.number}: ${p}`),
      );
      options.onBatch?.(report);
      if (totalKills(report) >= options.kills) return report;
      batch = start(batch.number + 1);
    }
    if (report.workers >= maxWorkers) {
      throw new CrashHarnessError(
        `${report.workers} workers started, ${
          totalKills(report)
        } of ${options.kills} kills happened, and batch ${batch.number} is at ${
          batch.ids.map((id) => `${id} ${store.get(id).status}`).join(", ")
        }`,
        options.seed,
      );
    }
    const mode = totalKills(report) < options.kills
      ? MODES[(firstMode + report.workers) % MODES.length]
      : { kind: "none" } as const;
    const owner = `worker-${report.workers}`;
    report.workers++;
    const exit = await runWorker({
      owner,
      dir: options.dir,
      db,
      effects: batch.effects,
      importMap: options.importMap,
      faults: mode.kind === "fault" ? `${mode.point}=${mode.chance}` : "",
      seed: Math.floor(random() * 2 ** 32),
      leaseMs: options.leaseMs,
      killAfterClaimMs: mode.kind === "external"
        ? Math.floor(random() * mode.maxDelayMs)
        : undefined,
      timeoutMs: options.workerTimeoutMs,
    });
    const kind = killKind(exit, store, batch.ids, options.seed);
    if (kind !== undefined) {
      report.kills.set(kind, (report.kills.get(kind) ?? 0) + 1);
      // What a kill must never break, checked where it left things.
      const found = checkWorkflows(
        store,
        batch.ids,
        await readEffects(batch.effects),
        false,
      );
      report.checksAfterKills++;
      report.problems.push(
        ...found.problems.map((p) => `after ${owner}'s kill (${kind}): ${p}`),
      );
    }
  }
}

/** The effects file's text; none yet if no effect has run. */
async function readEffects(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}

/** A batch of workflows, started. */
interface Batch {
  readonly number: number;
  readonly ids: readonly string[];
  /** The file their effects go to. */
  readonly effects: string;
}

function startBatch(
  store: WorkflowStore,
  number: number,
  workflows: number,
  loxWorkflows: number,
): Batch {
  const ids = [
    ...Array.from({ length: workflows }, (_, i) => `b${number}-w${i}`),
    ...Array.from({ length: loxWorkflows }, (_, i) => `b${number}-lox${i}`),
  ];
  startCrashWorkflows(store, ids);
  const effects = join(store.path, "..", `effects-${number}.log`);
  return { number, ids, effects };
}

/**
 * Start crash workflows `ids` (workflow.ts), due now: Lox scripts for ids that end
 * in `-loxN`, TypeScript for the others.
 */
export function startCrashWorkflows(
  store: WorkflowStore,
  ids: readonly string[],
): void {
  const now = Date.now();
  for (const id of ids) {
    const lox = isLox(id);
    store.create({
      id,
      kind: lox ? "snapshot" : "replay",
      file: lox ? `crash/${id}.lox` : "crash/workflow.ts",
      source: lox ? loxSource(id) : "",
      startAt: now,
    }, now);
  }
}

/**
 * Where `exit`'s worker was killed, or `undefined` if it ended by itself. An
 * external kill is told apart by what its workflows were left doing.
 */
function killKind(
  exit: WorkerExit,
  store: WorkflowStore,
  ids: readonly string[],
  seed: number,
): KillKind | undefined {
  if (exit.timedOut) {
    throw new CrashHarnessError(
      `worker ${exit.owner} did not end in time; it said:\n${
        describeExit(exit)
      }`,
      seed,
    );
  }
  if (exit.code === 0 || exit.killedAfterDone) return undefined;
  if (exit.signal !== "SIGKILL") {
    throw new CrashHarnessError(
      `worker ${exit.owner} failed:\n${describeExit(exit)}`,
      seed,
    );
  }
  const fault = exit.lines.find((l) => l.kind === "fault");
  if (fault?.kind === "fault") return fault.point;
  if (!exit.killedByHarness) {
    throw new CrashHarnessError(
      `worker ${exit.owner} was killed by something else:\n${
        describeExit(exit)
      }`,
      seed,
    );
  }
  const left = ids.map((id) => store.get(id));
  // Its claims stay `running` in its name until their lease runs out: a claim it
  // announced that nobody has made since is one it was running when it died.
  const running = left.some((w) =>
    w.status === "running" &&
    exit.lines.some((l) =>
      l.kind === "claim" && l.id === w.id && l.attempt === w.attempts
    )
  );
  if (running) return "external, running a workflow";
  if (left.some((w) => w.status === "sleeping" && w.wakeAt !== null)) {
    return "external, during a sleep";
  }
  return "external, waiting for work";
}

function describeExit(exit: WorkerExit): string {
  const said = exit.lines.map((l) => JSON.stringify(l)).slice(-10).join("\n");
  return `exit ${exit.code ?? exit.signal}\n${said}\n${exit.stderr.trim()}`;
}
