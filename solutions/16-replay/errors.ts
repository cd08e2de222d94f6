/**
 * The ways a workflow can go wrong that are the workflow's fault, not the engine's.
 *
 * @module
 */

/**
 * The code no longer matches the journal: it calls a step the journal does not have
 * at that place (a step renamed, added or moved), or ends before the journal does.
 * Replay would hand the new code results recorded for other steps, so it stops.
 */
export class NonDeterminismError extends Error {
  /** The step number where code and journal part ways. */
  readonly seq: number;

  /**
   * @param seq where they part.
   * @param message what the code did, against what the journal says.
   */
  constructor(seq: number, message: string) {
    super(message);
    this.name = "NonDeterminismError";
    this.seq = seq;
  }
}

/** A workflow's value that the store cannot keep: the store keeps JSON. */
export class NotDurableError extends Error {
  /** @param message what the value was, and where. */
  constructor(message: string) {
    super(message);
    this.name = "NotDurableError";
  }
}

/** A recorded step threw when it ran: replay throws this, with its message, again. */
export class StepFailedError extends Error {
  /** The step's name. */
  readonly step: string;

  /**
   * @param step the step's name.
   * @param message what it threw.
   */
  constructor(step: string, message: string) {
    super(message);
    this.name = "StepFailedError";
    this.step = step;
  }
}
