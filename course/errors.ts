/**
 * Errors meant for the person at the keyboard. The CLI prints their message as it is,
 * with no stack trace, and exits with their code.
 *
 * @module
 */

/** A problem the user can fix: bad input, a missing file, a refused confirmation. */
export class UserError extends Error {
  /**
   * @param message what went wrong and what to do about it, in plain words.
   * @param exitCode the process exit code; 2 for bad usage, 1 otherwise.
   */
  constructor(message: string, readonly exitCode: number = 1) {
    super(message);
    this.name = "UserError";
  }
}
