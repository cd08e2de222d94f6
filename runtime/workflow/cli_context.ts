/**
 * What every workflow subcommand is handed: where to write, where the user is, and
 * how to open the store. `main.ts` makes the real one; tests make one that collects
 * what is written.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { CliError, EXIT } from "./cli_errors.ts";
import {
  type StoreOptions,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";

/** The store's place, from the folder a command runs in, unless `--db` says. */
export const DEFAULT_DB = ".bounce/workflows.db";

/**
 * How long a command someone typed waits for another process's write before it
 * says the store is locked, in ms. A worker waits longer (store.ts's default): a
 * workflow's commit is worth a wait; a person is owed an answer.
 */
export const INTERACTIVE_BUSY_MS = 2000;

/** A subcommand's surroundings. */
export interface CliContext {
  /** Write a line of the command's answer (stdout). */
  out(line: string): void;
  /** Write a line about what happened (stderr). */
  err(line: string): void;
  /** The folder relative paths start from. */
  readonly cwd: string;
  /** The wait for a locked store, for commands someone typed. */
  readonly busyTimeoutMs: number;
  /** The time now, ms since the epoch. */
  now(): number;
}

/** Where the store is: `--db` from the user's folder, or the default. */
export function storePath(cli: CliContext, db: string | undefined): string {
  return resolve(cli.cwd, db ?? DEFAULT_DB);
}

/**
 * Open the store at `path` for a command that may write a new one (`start`,
 * `worker`): the default folder is made if need be; another missing folder is the
 * user's mistake, said plainly.
 */
export async function openForWriting(
  cli: CliContext,
  path: string,
  options: StoreOptions = {},
): Promise<WorkflowStore> {
  const folder = dirname(path);
  if (path === resolve(cli.cwd, DEFAULT_DB)) {
    await Deno.mkdir(folder, { recursive: true });
  } else if (!await isFolder(folder)) {
    throw new CliError(
      `Cannot make the workflow store ${path}: the folder ${folder} does not exist.`,
      EXIT.store,
    );
  }
  return WorkflowStore.open(path, {
    busyTimeoutMs: cli.busyTimeoutMs,
    ...options,
  });
}

/**
 * Open the store at `path` for a command that only looks or changes what exists:
 * `undefined` if there is no store yet (no file is made for a question).
 */
export async function openExisting(
  cli: CliContext,
  path: string,
): Promise<WorkflowStore | undefined> {
  try {
    const info = await Deno.stat(path);
    if (!info.isFile) {
      throw new CliError(`${path} is not a file.`, EXIT.store);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  return WorkflowStore.open(path, { busyTimeoutMs: cli.busyTimeoutMs });
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}
