/**
 * The workflow command's exit codes and the errors that carry them. The codes are
 * the BSD `sysexits.h` ones clox uses too, so a script can tell a typo from a
 * broken store:
 *
 * | code | meaning                                                        |
 * | ---- | -------------------------------------------------------------- |
 * | 0    | done (also: an idempotent start of an id that exists)           |
 * | 1    | refused: a signal to a finished workflow, an id taken by a schedule |
 * | 64   | usage: an unknown command or flag, a missing or bad argument    |
 * | 65   | FILE is not a workflow: it does not compile, or exports none    |
 * | 66   | no such workflow, schedule or file                              |
 * | 74   | the store cannot be used: damaged, locked too long, unwritable  |
 *
 * @module
 */

/** The exit codes, by name. */
export const EXIT = {
  ok: 0,
  refused: 1,
  usage: 64,
  notWorkflow: 65,
  notFound: 66,
  store: 74,
} as const;

/** An exit code of the workflow command. */
export type ExitCode = typeof EXIT[keyof typeof EXIT];

/** A failure the user can act on: its message is printed as it is, and it exits with `code`. */
export class CliError extends Error {
  /** The process's exit code. */
  readonly code: ExitCode;

  /**
   * @param message what went wrong and what to do, in the user's words.
   * @param code the exit code.
   */
  constructor(message: string, code: ExitCode) {
    super(message);
    this.name = "CliError";
    this.code = code;
  }
}

/** The command line itself is wrong: exit 64, with the usage after the message. */
export class UsageError extends CliError {
  /** @param message what is wrong with the arguments. */
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = "UsageError";
  }
}
