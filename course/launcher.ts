/**
 * How the learner started the course, so every "Next:" line can be typed as it is
 * printed: `deno task …` where Deno is installed, `npx -y deno@2.9.6 task …` where
 * the learner runs Deno through npm's `npx`.
 *
 * @module
 */

/** The environment variables that tell how Deno was started. */
export interface Launch {
  /** `npm_command`: `exec` when npm's `npx` started this Deno. */
  readonly npmCommand?: string;
  /** `npm_lifecycle_event`: `npx` likewise. */
  readonly npmEvent?: string;
}

/** How this process was started, from its environment. */
export function currentLaunch(): Launch {
  return {
    npmCommand: Deno.env.get("npm_command"),
    npmEvent: Deno.env.get("npm_lifecycle_event"),
  };
}

/**
 * The command that runs a task, e.g. `deno task` or `npx -y deno@2.9.6 task`. npm
 * marks what `npx` starts with `npm_command=exec`, and `deno task` hands its
 * environment on to the task. (Where Deno's binary lives says nothing: a `deno` on
 * the PATH may well be a link into npm's cache.)
 */
export function taskPrefix(
  launch: Launch = currentLaunch(),
  version: string = Deno.version.deno,
): string {
  const viaNpx = launch.npmCommand === "exec" || launch.npmEvent === "npx";
  return viaNpx ? `npx -y deno@${version} task` : "deno task";
}

/**
 * The full command for a task, e.g. `task("lesson 2")` is `deno task lesson 2`, or
 * the npx form when that is how this run was started.
 *
 * @example
 * ```ts
 * console.log(`Next: ${task("lesson 2")}`);
 * ```
 */
export function task(rest: string): string {
  return `${taskPrefix()} ${rest}`;
}
