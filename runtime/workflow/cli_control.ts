/**
 * `signal ID NAME [VALUE] [--key K]` and `cancel ID`: the two ways to reach a
 * workflow from outside. Both are one transaction each in the store; a worker
 * running the workflow sees them at its next durable point.
 *
 * @module
 */

import { parseArgs, stringFlag } from "./cli_args.ts";
import { type CliContext, openExisting, storePath } from "./cli_context.ts";
import { CliError, EXIT, UsageError } from "./cli_errors.ts";
import { unknownId } from "./cli_inspect.ts";
import {
  isFinished,
  type Json,
  StoreError,
} from "../../lessons/15-durable-store/store.ts";

/**
 * A signal's value as typed: JSON if it is JSON (`42`, `true`, `{"ok":1}`,
 * `"quoted"`), else the text itself; none at all is `null`.
 *
 * @example
 * ```ts
 * signalValue("42"); // 42
 * signalValue("yes please"); // "yes please"
 * ```
 */
export function signalValue(text: string | undefined): Json {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Run `signal`; resolves with the exit code. */
export async function signalCommand(
  cli: CliContext,
  args: readonly string[],
): Promise<number> {
  const parsed = parseArgs(args, { db: "string", key: "string" });
  const [id, name, text, ...extra] = parsed.positionals;
  if (id === undefined || name === undefined) {
    throw new UsageError("signal needs a workflow's ID and the signal's NAME.");
  }
  if (extra.length > 0) {
    throw new UsageError(
      `signal takes ID NAME [VALUE]; "${
        extra[0]
      }" is one too many (quote a VALUE with spaces).`,
    );
  }
  if (name === "") throw new UsageError("A signal's NAME cannot be empty.");
  const key = stringFlag(parsed, "key") ?? crypto.randomUUID();
  if (key === "") throw new UsageError("--key cannot be empty.");
  const path = storePath(cli, stringFlag(parsed, "db"));
  using store = await openExisting(cli, path);
  const workflow = store?.find(id);
  if (store === undefined || workflow === undefined) {
    if (store?.schedule(id) !== undefined) {
      throw new CliError(
        `${id} is a schedule: signal one of its runs (${id}-1, ${id}-2, …).`,
        EXIT.refused,
      );
    }
    throw unknownId(id, path, store);
  }
  const finished = () =>
    new CliError(
      `Workflow ${id} is ${
        store.get(id).status
      }: it takes no more signals. Nothing was sent.`,
      EXIT.refused,
    );
  if (isFinished(workflow.status)) throw finished();
  let delivered: boolean;
  try {
    ({ delivered } = store.signal(id, name, signalValue(text), key, cli.now()));
  } catch (error) {
    // It may have finished between the look above and the signal's transaction.
    if (error instanceof StoreError && isFinished(store.get(id).status)) {
      throw finished();
    }
    throw error;
  }
  cli.out(
    delivered
      ? `Delivered signal "${name}" to ${id}.`
      : `Not delivered again: signal key "${key}" was sent to ${id} before.`,
  );
  return EXIT.ok;
}

/** Run `cancel`; resolves with the exit code. */
export async function cancelCommand(
  cli: CliContext,
  args: readonly string[],
): Promise<number> {
  const parsed = parseArgs(args, { db: "string" });
  const [id, ...extra] = parsed.positionals;
  if (id === undefined) {
    throw new UsageError("cancel needs the ID of a workflow or schedule.");
  }
  if (extra.length > 0) {
    throw new UsageError(`cancel takes one ID; "${extra[0]}" is one too many.`);
  }
  const path = storePath(cli, stringFlag(parsed, "db"));
  using store = await openExisting(cli, path);
  if (store === undefined) throw unknownId(id, path, store);
  const schedule = store.schedule(id);
  if (schedule === undefined && store.find(id) === undefined) {
    throw unknownId(id, path, store);
  }
  if (schedule?.nextAt === null) {
    cli.out(`Schedule ${id} was cancelled already; nothing changed.`);
    return EXIT.ok;
  }
  const was = store.cancel(id, cli.now());
  if (was === "scheduled") {
    cli.out(
      `Cancelled schedule ${id}: it starts no more runs (runs already started go on).`,
    );
  } else if (isFinished(was)) {
    cli.out(`Workflow ${id} is ${was} already; nothing changed.`);
  } else {
    cli.out(
      `Cancelled ${id} (it was ${was}).${
        was === "running"
          ? " Its worker stops at its next durable point and commits nothing more."
          : ""
      }`,
    );
  }
  return EXIT.ok;
}
