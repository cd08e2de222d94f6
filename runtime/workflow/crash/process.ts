/**
 * Start one crash worker (worker.ts) as a real process, kill it if asked, and
 * collect what it said and how it ended. Every wait has a limit: a worker that
 * hangs is killed and reported, never waited for forever.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  codeFingerprint,
  FAULTS_VARIABLE,
  LEASE_VARIABLE,
  parseLine,
  type WorkerLine,
} from "./protocol.ts";

/** The Deno the workers run on: found on the PATH, checked by the fingerprint. */
const DENO = "deno";

/** The course root, from this file's place in it. */
export const COURSE_ROOT: string = fileURLToPath(
  new URL("../../../", import.meta.url),
);

const WORKER = join(COURSE_ROOT, "runtime/workflow/crash/worker.ts");

/** One worker process to start. */
export interface WorkerSpec {
  /** Its name in the store's `owner` column. */
  readonly owner: string;
  /** The folder it may read and write: the store and the effects files are in it. */
  readonly dir: string;
  /** The store. */
  readonly db: string;
  /** Where the workflows' effects go. */
  readonly effects: string;
  /** The import map the harness runs under, if any: the worker gets the same. */
  readonly importMap?: string;
  /** `BOUNCE_WORKFLOW_FAULTS` for it, if any. */
  readonly faults?: string;
  /** The seed of its fault injection's chance. */
  readonly seed: number;
  /** Its lease, in ms. */
  readonly leaseMs: number;
  /** Kill it with SIGKILL this long after its first claim, if given. */
  readonly killAfterClaimMs?: number;
  /** Kill it, and say so, if it has not ended after this long. */
  readonly timeoutMs: number;
}

/** How a worker process ended. */
export interface WorkerExit {
  readonly owner: string;
  /** Its exit code, or `null` if a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, if one did. */
  readonly signal: Deno.Signal | null;
  /** What it said (protocol.ts), in order. */
  readonly lines: readonly WorkerLine[];
  /** Its stderr. */
  readonly stderr: string;
  /** True if the harness killed it (`killAfterClaimMs`) while it worked. */
  readonly killedByHarness: boolean;
  /**
   * True if the harness's kill came after the worker had said it was done, but
   * before it had exited: its work was over, so that is no kill.
   */
  readonly killedAfterDone: boolean;
  /** True if it outlived `timeoutMs`. */
  readonly timedOut: boolean;
}

/** The permissions, flags and arguments a worker is started with. */
export function workerArgs(spec: WorkerSpec): string[] {
  return [
    "run",
    "--quiet",
    "--no-prompt",
    `--allow-read=${spec.dir}`,
    `--allow-write=${spec.dir}`,
    `--allow-env=${FAULTS_VARIABLE},${LEASE_VARIABLE}`,
    ...(spec.importMap === undefined ? [] : [`--import-map=${spec.importMap}`]),
    WORKER,
    `--db=${spec.db}`,
    `--effects=${spec.effects}`,
    `--owner=${spec.owner}`,
    `--seed=${spec.seed}`,
    `--fingerprint=${codeFingerprint()}`,
  ];
}

/** Run a worker to its end (or its kill); see {@linkcode WorkerSpec}. */
export async function runWorker(spec: WorkerSpec): Promise<WorkerExit> {
  const env: Record<string, string> = {
    [LEASE_VARIABLE]: String(spec.leaseMs),
    [FAULTS_VARIABLE]: spec.faults ?? "",
  };
  const child = spawn(
    new Deno.Command(DENO, {
      args: workerArgs(spec),
      cwd: COURSE_ROOT,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }),
  );
  let killedByHarness = false;
  let timedOut = false;
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch {
      // It ended already.
    }
  };
  const timers: ReturnType<typeof setTimeout>[] = [
    setTimeout(() => {
      timedOut = true;
      kill();
    }, spec.timeoutMs),
  ];
  const lines: WorkerLine[] = [];
  const onLine = (text: string) => {
    const line = parseLine(text);
    if (line === undefined) return;
    lines.push(line);
    if (
      line.kind === "claim" && spec.killAfterClaimMs !== undefined &&
      timers.length === 1
    ) {
      timers.push(setTimeout(() => {
        killedByHarness = true;
        kill();
      }, spec.killAfterClaimMs));
    }
  };
  try {
    const [, stderr, status] = await Promise.all([
      readLines(child.stdout, onLine),
      new Response(child.stderr).text(),
      child.status,
    ]);
    return {
      owner: spec.owner,
      code: status.signal === null ? status.code : null,
      signal: status.signal,
      lines,
      stderr,
      // A kill that came after the worker had ended is no kill.
      killedByHarness: killedByHarness && status.signal === "SIGKILL" &&
        !lines.some((l) => l.kind === "fault" || l.kind === "done"),
      killedAfterDone: killedByHarness && status.signal === "SIGKILL" &&
        lines.some((l) => l.kind === "done"),
      timedOut,
    };
  } finally {
    timers.forEach(clearTimeout);
  }
}

/** No worker can be started: said in the user's words. */
export class WorkerStartError extends Error {
  /**
   * @param message what is missing.
   * @param options the error behind it.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WorkerStartError";
  }
}

function spawn(command: Deno.Command): Deno.ChildProcess {
  try {
    return command.spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new WorkerStartError(
        `The crash tests start their workers with "${DENO}", and there is none on the PATH.`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Call `onLine` with each line of `stream`, as it comes. */
async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    parts.forEach(onLine);
  }
  if (rest !== "") onLine(rest);
}
