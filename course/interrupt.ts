/**
 * Ctrl-C while a command runs tests: the tests stop, nothing more is printed,
 * nothing is saved, and the process exits 130, as shells expect of a process
 * stopped by SIGINT. Deno's default would end the engine too, but could leave its
 * `deno test` child running when the signal reached the engine alone (`deno task`
 * forwards it to its child only).
 *
 * @module
 */

/** The exit code after Ctrl-C. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Run `body` with a signal that Ctrl-C aborts, stopping any child run on it, and
 * then end the process at once with {@linkcode INTERRUPTED_EXIT_CODE}.
 *
 * @example
 * ```ts ignore
 * const run = await interruptible((signal) => runLesson(paths, lessons, lesson, "learner", "quick", signal));
 * ```
 */
export async function interruptible<T>(
  body: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const stop = () => {
    controller.abort();
    Deno.exit(INTERRUPTED_EXIT_CODE);
  };
  Deno.addSignalListener("SIGINT", stop);
  try {
    return await body(controller.signal);
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
  }
}
