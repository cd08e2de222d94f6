/**
 * Where a worker finds a TypeScript workflow's code: the module at the file it was
 * started from, imported by file URL as it is now, once per file per process. The
 * store keeps the source as it was at `start`, but a worker runs the file: a fix to
 * a workflow reaches the ones already started, and replay's journal check says when
 * a change does not fit what they have done.
 *
 * @module
 */

import { pathToFileURL } from "node:url";
import { coroutine, wait } from "../../lessons/08-coroutines/coroutine.ts";
import type { Activate } from "./activation.ts";
import {
  activateReplay,
  describe,
  isWorkflowDefinition,
  type WorkflowDefinition,
} from "../../lessons/16-replay/replay.ts";

/** A module that cannot be run as a workflow: it does not load, or exports none. */
export class WorkflowLoadError extends Error {
  /** The module's file. */
  readonly file: string;

  /**
   * @param file the module's file.
   * @param message why it cannot be run.
   */
  constructor(file: string, message: string) {
    super(message);
    this.name = "WorkflowLoadError";
    this.file = file;
  }
}

/**
 * Import the module at `file` (an absolute path) and answer its `workflow` export.
 * Rejects with a {@linkcode WorkflowLoadError} that says what is wrong.
 *
 * @example
 * ```ts
 * const definition = await loadWorkflow("/home/ada/flows/order.ts");
 * ```
 */
export async function loadWorkflow(file: string): Promise<WorkflowDefinition> {
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new WorkflowLoadError(
      file,
      `${file} could not be loaded: ${firstLine(describe(error))}`,
    );
  }
  const exported = module.workflow;
  if (!isWorkflowDefinition(exported)) {
    throw new WorkflowLoadError(
      file,
      exported === undefined
        ? `${file} exports no "workflow": write \`export const workflow = defineWorkflow(function* (ctx) { ... })\`.`
        : `${file}'s "workflow" export was not made by defineWorkflow (from runtime/workflow/mod.ts).`,
    );
  }
  return exported;
}

/** Imports workflow modules, each file once: the worker's cache. */
export class WorkflowLoader {
  readonly #modules = new Map<string, Promise<WorkflowDefinition>>();
  readonly #load: (file: string) => Promise<WorkflowDefinition>;

  /** @param load how to load one file: {@linkcode loadWorkflow} unless given. */
  constructor(
    load: (file: string) => Promise<WorkflowDefinition> = loadWorkflow,
  ) {
    this.#load = load;
  }

  /** The workflow in `file`, loaded at its first use. */
  load(file: string): Promise<WorkflowDefinition> {
    let module = this.#modules.get(file);
    if (module === undefined) {
      module = this.#load(file);
      this.#modules.set(file, module);
    }
    return module;
  }
}

/**
 * How a worker runs TypeScript workflows: load the claimed workflow's file, then
 * replay it. A file that does not load fails the workflow with the reason.
 */
export function replayWorkflows(loader = new WorkflowLoader()): Activate {
  return (activation) =>
    coroutine(function* () {
      const { runtime, claim } = activation;
      const definition = yield* wait(
        runtime.fromPromise(loader.load(claim.workflow.file)),
      );
      yield* wait(activateReplay(definition, activation));
    });
}

/** A syntax error's message runs on for lines of source: its first says enough. */
function firstLine(text: string): string {
  return text.split("\n")[0];
}
