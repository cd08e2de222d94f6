/**
 * Placeholder: Lox workflows (a fiber snapshotted at each durable point) are being
 * built on another branch, which replaces this file. Until then a Lox workflow can
 * be started (its script is compiled and stored) but a worker fails it, saying why.
 *
 * @module
 */

import type { LoxIo } from "../../lessons/14-lox-fibers/script.ts";
import type { Activate } from "./activation.ts";

/** The failure every Lox workflow meets until snapshot workflows land. */
export class LoxWorkflowsNotBuiltError extends Error {
  constructor() {
    super("Lox workflows are not built yet.");
    this.name = "LoxWorkflowsNotBuiltError";
  }
}

/** How a worker runs Lox workflows, printing to `io`; for now, it fails them. */
export function snapshotWorkflows(_io: LoxIo): Activate {
  return () => {
    throw new LoxWorkflowsNotBuiltError();
  };
}
