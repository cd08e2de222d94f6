/**
 * The workflow command line: `deno task workflow …` starts this in a child Deno
 * (course/commands/workflow.ts), on the learner's runtime or the reference's.
 *
 * ```
 * start FILE [--id ID] [--db PATH] [--in MS | --at ISO-TIME | --every MS]
 * worker [--db PATH] [--until-idle]
 * list [--json] [--db PATH]
 * show ID [--json] [--db PATH]
 * signal ID NAME [VALUE] [--key K] [--db PATH]
 * cancel ID [--db PATH]
 * ```
 *
 * Answers go to stdout, everything else to stderr. Every failure is a message and an
 * exit code (cli_errors.ts), never a stack trace: a stack would be ours, not the
 * user's. See README.md beside this file for a worked session.
 *
 * @module
 */

import type { CliContext } from "./cli_context.ts";
import { INTERACTIVE_BUSY_MS } from "./cli_context.ts";
import { cancelCommand, signalCommand } from "./cli_control.ts";
import { CliError, EXIT, UsageError } from "./cli_errors.ts";
import { listCommand, showCommand } from "./cli_inspect.ts";
import { startCommand } from "./cli_start.ts";
import { workerCommand } from "./cli_worker.ts";
import {
  StoreError,
  UnknownWorkflowError,
} from "../../lessons/15-durable-store/store.ts";

/** The usage, as `--help` prints it. */
export const USAGE = `Usage: deno task workflow COMMAND …
  start FILE [--id ID] [--in MS | --at ISO-TIME | --every MS]
                       start a workflow (.ts exporting one, or .lox); prints its id
  worker [--until-idle] run what is due, until stopped (or until idle)
  list [--json]        every workflow and schedule
  show ID [--json]     one workflow: status, result, steps, state
  signal ID NAME [VALUE] [--key K]
                       send a signal (VALUE is JSON, else text); --key: send once
  cancel ID            cancel a workflow or a schedule
Every command takes --db PATH (default .bounce/workflows.db).
Exit codes: 0 ok, 1 refused, 64 usage, 65 not a workflow, 66 no such id or file,
74 store unusable.`;

type Subcommand = (cli: CliContext, args: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, Subcommand>> = {
  start: startCommand,
  worker: workerCommand,
  list: listCommand,
  show: showCommand,
  signal: signalCommand,
  cancel: cancelCommand,
};

/**
 * Run the command line `args`; resolves with the exit code. `context` replaces
 * the parts of the real surroundings a test wants to watch or speed up.
 *
 * @example
 * ```ts
 * const code = await main(["list", "--json"]);
 * ```
 */
export async function main(
  args: readonly string[],
  context: Partial<CliContext> = {},
): Promise<number> {
  const cli: CliContext = {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    cwd: Deno.cwd(),
    busyTimeoutMs: INTERACTIVE_BUSY_MS,
    now: () => Date.now(),
    ...context,
  };
  const [name, ...rest] = args;
  if (
    name === undefined || name === "help" || name === "--help" || name === "-h"
  ) {
    (name === undefined ? cli.err : cli.out)(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (command === undefined) {
      throw new UsageError(
        `Unknown command "${name}"; the commands are ${
          Object.keys(COMMANDS).join(", ")
        }.`,
      );
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      cli.out(USAGE);
      return EXIT.ok;
    }
    return await command(cli, rest);
  } catch (error) {
    return report(cli, error);
  }
}

/** Say what went wrong; answer the exit code it means. */
function report(cli: CliContext, error: unknown): number {
  if (error instanceof UsageError) {
    cli.err(error.message);
    cli.err("(deno task workflow --help lists the commands.)");
    return error.code;
  }
  if (error instanceof CliError) {
    cli.err(error.message);
    return error.code;
  }
  if (error instanceof StoreError) {
    cli.err(error.message);
    return EXIT.store;
  }
  if (error instanceof UnknownWorkflowError) {
    cli.err(error.message);
    return EXIT.notFound;
  }
  // Not the user's doing: say so, with the one line that may help.
  const reason = error instanceof Error ? error.message : String(error);
  cli.err(`The workflow command failed: ${reason}`);
  return EXIT.refused;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
