/**
 * Asking before doing something the learner might regret.
 *
 * @module
 */

import { UserError } from "./errors.ts";

/**
 * Go ahead if `yes` was given, or if the person at the terminal answers yes. With no
 * terminal to ask and no `--yes`, refuse: scripts must say so explicitly.
 */
export function confirmOrStop(question: string, yes: boolean): void {
  if (yes) return;
  if (!Deno.stdin.isTerminal()) {
    throw new UserError(
      `${question}\nThere is no terminal to ask; add --yes to go ahead.`,
    );
  }
  if (!confirm(question)) throw new UserError("Nothing was changed.", 1);
}
