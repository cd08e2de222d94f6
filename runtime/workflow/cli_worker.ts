/**
 * `worker [--db PATH] [--until-idle]`: run what is due in the store, on the Lox
 * scripts' runtime with a wall clock, until idle or until stopped (Ctrl-C, `kill`).
 * One line per workflow event goes to stderr; a Lox workflow's `print` goes to
 * stdout. A worker that is stopped, or killed, loses nothing: what it was running
 * goes on from its last durable point in the next worker, at once if it was
 * stopped (it lets go of its claims), once its lease runs out if it was killed.
 *
 * Two environment variables are test hooks (the crash tests set them):
 * - `BOUNCE_WORKFLOW_FAULTS=after-effect=0.1,mid-commit=0.05`: SIGKILL this
 *   process at random at those points (faults.ts).
 * - `BOUNCE_WORKFLOW_LEASE_MS=500`: how long a claim lasts unrenewed (5000 ms), so
 *   that a killed worker's workflows are recovered sooner.
 *
 * @module
 */

import { coroutine, wait } from "../../lessons/08-coroutines/coroutine.ts";
import { scriptRuntime } from "../../lessons/14-lox-fibers/script.ts";
import { BufferedIo } from "../lox/main.ts";
import type { Activate } from "./activation.ts";
import { parseArgs, stringFlag } from "./cli_args.ts";
import { type CliContext, openForWriting, storePath } from "./cli_context.ts";
import { EXIT, UsageError } from "./cli_errors.ts";
import { formatTime } from "./cli_format.ts";
import { WallClock } from "./clock.ts";
import { Faults } from "./faults.ts";
import { replayWorkflows } from "./loader.ts";
import { snapshotWorkflows } from "../../lessons/17-snapshot-workflows/snapshot.ts";
import { Worker } from "./worker.ts";

/** The variable that makes a worker crash on purpose. */
export const FAULTS_ENV = "BOUNCE_WORKFLOW_FAULTS";
/** The variable that sets a worker's lease. */
export const LEASE_ENV = "BOUNCE_WORKFLOW_LEASE_MS";

/** How long a worker's write waits for another process's, in ms. */
const WORKER_BUSY_MS = 5000;

/** Ctrl-C's signal and `kill`'s: either stops a worker cleanly. */
const STOP_SIGNALS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM"];

/** Run `worker`; resolves with the exit code once the worker stops. */
export async function workerCommand(
  cli: CliContext,
  args: readonly string[],
): Promise<number> {
  const parsed = parseArgs(args, { db: "string", "until-idle": "boolean" });
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `worker takes no arguments, not "${parsed.positionals[0]}".`,
    );
  }
  const untilIdle = parsed.flags.has("until-idle");
  const faults = faultsFromEnv();
  const leaseMs = leaseFromEnv();
  const path = storePath(cli, stringFlag(parsed, "db"));
  using store = await openForWriting(cli, path, {
    busyTimeoutMs: WORKER_BUSY_MS,
    beforeCommit: () => faults.at("mid-commit"),
  });
  const log = (line: string) => cli.err(`${formatTime(Date.now())} ${line}`);
  const io = new BufferedIo();
  const runtime = scriptRuntime(new WallClock());
  const claims = new Claims(log);
  const worker = new Worker(store, runtime, {
    activate: {
      replay: claims.track(replayWorkflows()),
      snapshot: claims.track(snapshotWorkflows(io)),
    },
    leaseMs,
    untilIdle,
    faults,
    log,
  });
  log(
    `worker ${worker.owner} on ${path}${
      untilIdle ? ", until idle" : "; Ctrl-C stops it"
    }`,
  );
  const stop = new StopSignal();
  try {
    const end = await runtime.run(
      runtime.race<unknown>([worker.run(), runtime.fromPromise(stop.received)]),
    );
    if (end.index === 1) {
      // Let go of what it was running, so another worker need not wait for the
      // leases to run out; each goes on from its last durable point.
      for (const id of claims.running) store.release(id, worker.owner);
      log(
        `stopped by ${end.value}; what it was running (${claims.running.size}) goes on from its last durable point in the next worker`,
      );
    } else log("idle: nothing is running or due");
  } finally {
    stop.dispose();
    io.flush();
  }
  return EXIT.ok;
}

/** The workflows this worker runs now, each said as it is claimed. */
class Claims {
  /** Their ids. */
  readonly running = new Set<string>();
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  /** `activate`, with each activation logged and kept in {@linkcode running}. */
  track(activate: Activate): Activate {
    return (activation) => {
      const { id, attempts } = activation.claim.workflow;
      this.#log(`${id}: running (attempt ${attempts})`);
      this.running.add(id);
      const running = this.running;
      // Not a `finally`: a worker that is stopped cancels its activations, and
      // those are the ones it must let go of.
      return coroutine(function* () {
        try {
          yield* wait(activate(activation));
        } catch (error) {
          running.delete(id);
          throw error;
        }
        running.delete(id);
      });
    };
  }
}

/** The first stop signal, as a promise; listeners removed by `dispose`. */
class StopSignal {
  readonly received: Promise<Deno.Signal>;
  readonly #listeners: [Deno.Signal, () => void][] = [];

  constructor() {
    const { promise, resolve } = Promise.withResolvers<Deno.Signal>();
    this.received = promise;
    for (const signal of STOP_SIGNALS) {
      const listener = () => resolve(signal);
      Deno.addSignalListener(signal, listener);
      this.#listeners.push([signal, listener]);
    }
  }

  dispose(): void {
    for (const [signal, listener] of this.#listeners) {
      Deno.removeSignalListener(signal, listener);
    }
  }
}

/** A variable's value, if this process may read it and it is set. */
function env(name: string): string | undefined {
  const allowed = Deno.permissions.querySync({ name: "env", variable: name });
  return allowed.state === "granted" ? Deno.env.get(name) : undefined;
}

function faultsFromEnv(): Faults {
  const spec = env(FAULTS_ENV);
  if (spec === undefined) return new Faults();
  try {
    return Faults.parse(spec);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new UsageError(`${FAULTS_ENV}: ${error.message}.`);
  }
}

function leaseFromEnv(): number | undefined {
  const text = env(LEASE_ENV);
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 30) || !Number.isSafeInteger(ms)) {
    throw new UsageError(
      `${LEASE_ENV} takes a whole number of milliseconds, 30 or more, not "${text}".`,
    );
  }
  return ms;
}
