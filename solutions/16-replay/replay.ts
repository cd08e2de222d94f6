/**
 * Replay: a TypeScript workflow is a generator coroutine (lesson 08) whose effects
 * go through `ctx.step`. Each step's result is journaled before the workflow sees it;
 * after a crash the workflow runs again from the start, and each step the journal
 * has returns its recorded result without running. Where the workflow had got to is
 * never saved: it is found again, by running the same code over the same results.
 *
 * That only works if the code does the same thing each time, given the same
 * results: no `Date.now()`, no `Math.random()`, no timers of its own, no reading of
 * the state outside a step (use `ctx.now()`, `ctx.random()`, `ctx.sleep()`, and the
 * step's `get`). A journal that no longer matches the code stops the workflow with a
 * {@linkcode NonDeterminismError} that names the step (Temporal's non-determinism
 * error).
 *
 * ```ts
 * export const workflow = defineWorkflow(function* (ctx) {
 *   const order = yield* ctx.step("reserve", ({ key }) => reserve(key));
 *   yield* ctx.sleep(60_000);
 *   const ok = yield* ctx.waitSignal("approve");
 *   return yield* ctx.step("count", ({ get, put }) => {
 *     const n = Number(get("orders") ?? 0) + 1;
 *     put("orders", n); // committed with the step's record: exactly once
 *     return n;
 *   });
 * });
 * ```
 *
 * @module
 */

import type { Future } from "../../lessons/01-futures/future.ts";
import {
  coroutine,
  type CoroutineBody,
  wait,
} from "../../lessons/08-coroutines/coroutine.ts";
import type { Activation } from "../../runtime/workflow/activation.ts";
import { SimulatedCrash } from "../../runtime/workflow/faults.ts";
import {
  NonDeterminismError,
  NotDurableError,
  StepFailedError,
} from "./errors.ts";
import {
  type Commit,
  type Json,
  LostLeaseError,
  type StepRecord,
} from "../../lessons/15-durable-store/store.ts";

/** What a step's function is handed. */
export interface StepScope {
  /**
   * `workflowId:stepNumber`: the same each time this step runs, on any worker. An
   * effect outside the store happens at least once; a receiver that remembers the
   * keys it has seen applies it once.
   */
  readonly key: string;
  /** A value of the workflow's state, as of this step (its own `put`s included). */
  get(key: string): Json | undefined;
  /** Set a value of the state: committed with this step's record, or not at all. */
  put(key: string, value: Json): void;
}

/** What a step's function may answer: a value, a promise or a future of one. */
export type StepResult<T> = T | PromiseLike<T> | Future<T>;

/** A generator a workflow delegates to with `yield*`. */
export type Durable<T> = Generator<Future<unknown>, T, unknown>;

/** A workflow's way to the outside: every effect, and all time and chance. */
export interface WorkflowContext {
  /** The workflow's id. */
  readonly id: string;
  /** Run `fn` once, durably: its result is journaled, and replay returns it. */
  step<T extends Json>(
    name: string,
    fn: (scope: StepScope) => StepResult<T>,
  ): Durable<T>;
  /** Sleep `ms` milliseconds, durably: a restart does not start the sleep again. */
  sleep(ms: number): Durable<void>;
  /** Wait for signal `name` (`deno task workflow signal ID NAME VALUE`); its value. */
  waitSignal(name: string): Durable<Json>;
  /** The time (ms since the epoch), as it was when this point first ran. */
  now(): Durable<number>;
  /** A random number in [0, 1), as it was when this point first ran. */
  random(): Durable<number>;
}

/** A workflow's body: a generator function of its context. */
export type WorkflowBody<T extends Json> = (ctx: WorkflowContext) => Durable<T>;

/** A workflow, as a module exports it (`export const workflow = …`). */
export interface WorkflowDefinition<T extends Json = Json> {
  readonly kind: "bounce-workflow";
  readonly body: WorkflowBody<T>;
}

/**
 * Make `body` a workflow that the engine can run. A module given to `deno task
 * workflow start` exports it as `workflow`.
 *
 * @example
 * ```ts
 * export const workflow = defineWorkflow(function* (ctx) {
 *   return yield* ctx.step("hello", () => "hello, world");
 * });
 * ```
 */
export function defineWorkflow<T extends Json>(
  body: WorkflowBody<T>,
): WorkflowDefinition<T> {
  return { kind: "bounce-workflow", body };
}

/** True if `value` is what {@linkcode defineWorkflow} makes. */
export function isWorkflowDefinition(
  value: unknown,
): value is WorkflowDefinition {
  return typeof value === "object" && value !== null &&
    (value as { kind?: unknown }).kind === "bounce-workflow" &&
    typeof (value as { body?: unknown }).body === "function";
}

/**
 * Thrown through the workflow's generator once it has parked (its sleep or wait is
 * committed): the activation is over. A workflow that catches it and goes on finds
 * that every later commit fails: the worker no longer owns it.
 */
export class Parked extends Error {
  constructor() {
    super("The workflow is parked; this activation is over.");
    this.name = "Parked";
  }
}

/**
 * Run `definition` for the claimed workflow: replay its journal, then go on live.
 * The future ends when the workflow parks or ends; both are committed.
 */
export function activateReplay(
  definition: WorkflowDefinition,
  activation: Activation,
): Future<void> {
  const run = new ReplayRun(activation);
  return coroutine(() => run.drive(definition.body));
}

/** One activation of a replay workflow: where in the journal it is, and what it may do. */
class ReplayRun implements WorkflowContext {
  readonly id: string;
  readonly #activation: Activation;
  readonly #journal: readonly StepRecord[];
  /** The number the next step gets: its place in the journal. */
  #next = 0;
  #parked = false;
  /** Inside a step's function: a step there would get a number replay cannot give it. */
  #inStep = false;

  constructor(activation: Activation) {
    this.#activation = activation;
    this.id = activation.claim.workflow.id;
    this.#journal = activation.claim.steps;
  }

  /** The workflow, then its end committed; a park ends it quietly. */
  *drive(body: WorkflowBody<Json>): CoroutineBody<void> {
    let result: Json;
    try {
      result = yield* body(this);
      this.#checkParked();
      this.#checkEnded();
    } catch (error) {
      if (error instanceof Parked || this.#parked) return;
      if (error instanceof LostLeaseError || error instanceof SimulatedCrash) {
        throw error;
      }
      this.#commit({
        finish: { status: "failed", error: describe(error) },
      });
      return;
    }
    this.#commit({
      finish: { status: "completed", result: durable(result, "its result") },
    });
  }

  *step<T extends Json>(
    name: string,
    fn: (scope: StepScope) => StepResult<T>,
  ): Durable<T> {
    const seq = this.#begin(name);
    const recorded = this.#journal[seq];
    if (recorded !== undefined) return replayed<T>(recorded);
    const faults = this.#activation.faults;
    const scope = new Scope(this.#activation, `${this.id}:${seq}`);
    faults.at("before-step");
    let outcome: { ok: true; value: Json } | { ok: false; error: unknown };
    try {
      this.#inStep = true;
      const answer = fn(scope);
      this.#inStep = false;
      const value = yield* settle(this.#activation, answer);
      outcome = { ok: true, value: durable(value, `step "${name}"'s result`) };
    } catch (error) {
      this.#inStep = false;
      outcome = { ok: false, error };
    }
    faults.at("after-effect");
    if (outcome.ok) {
      this.#commit({
        step: { seq, name, result: outcome.value },
        writes: scope.writes,
      });
      // The live path hands back what replay would: the value as JSON keeps it.
      return JSON.parse(JSON.stringify(outcome.value)) as T;
    }
    // A failure is journaled too, so that a workflow that catches it takes the same
    // path on replay; the state it wrote before failing is dropped.
    const message = describe(outcome.error);
    this.#commit({ step: { seq, name, result: null, error: message } });
    throw new StepFailedError(name, message);
  }

  *sleep(ms: number): Durable<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError(`sleep takes a finite number of ms, not ${ms}`);
    }
    const seq = this.#begin("sleep");
    const recorded = this.#journal[seq];
    const now = this.#now();
    let wakeAt: number;
    if (recorded === undefined) {
      wakeAt = now + ms;
      this.#commit({
        step: { seq, name: "sleep", result: wakeAt },
        ...(wakeAt > now ? { park: { wakeAt, waitingFor: null } } : {}),
      });
    } else {
      wakeAt = Number(recorded.result);
      if (wakeAt > now) this.#commit({ park: { wakeAt, waitingFor: null } });
    }
    if (wakeAt > now) this.#park();
    // Nothing to yield: the sleep is over (or took no time).
    yield* [];
  }

  *waitSignal(name: string): Durable<Json> {
    const stepName = `signal:${name}`;
    const seq = this.#begin(stepName);
    const recorded = this.#journal[seq];
    if (recorded !== undefined) return replayed<Json>(recorded);
    const { store } = this.#activation;
    const signal = store.nextSignal(this.id, name);
    if (signal === undefined) {
      this.#commit({ park: { wakeAt: null, waitingFor: name } });
      this.#park();
    }
    this.#commit({
      step: { seq, name: stepName, result: signal.value },
      consumed: signal.seq,
    });
    yield* [];
    return signal.value;
  }

  *now(): Durable<number> {
    return yield* this.step("now", () => this.#now());
  }

  *random(): Durable<number> {
    return yield* this.step("random", () => Math.random());
  }

  /** The code has ended: so must the journal, or the code changed under it. */
  #checkEnded(): void {
    if (this.#next < this.#journal.length) {
      const missing = this.#journal[this.#next];
      throw new NonDeterminismError(
        this.#next,
        `The workflow's code changed under it: it ended after ${this.#next} steps, but its journal has step ${this.#next} "${missing.name}" next. It stops here, failed; its journal is kept.`,
      );
    }
  }

  /** Take the next step number, after checking the journal agrees on its name. */
  #begin(name: string): number {
    this.#checkParked();
    if (this.#inStep) {
      throw new Error(
        `"${name}" was called inside a step's function; steps, sleeps and signals belong to the workflow itself.`,
      );
    }
    const seq = this.#next++;
    const recorded = this.#journal[seq];
    if (recorded !== undefined && recorded.name !== name) {
      throw new NonDeterminismError(
        seq,
        `The workflow's code changed under it: step ${seq} is "${name}" in the code, but "${recorded.name}" in its journal. It stops here, failed; its journal is kept.`,
      );
    }
    return seq;
  }

  #commit(commit: Commit): void {
    const { store, owner } = this.#activation;
    store.commit(this.id, owner, this.#now(), commit);
    this.#activation.faults.at("after-commit");
  }

  #park(): never {
    this.#parked = true;
    throw new Parked();
  }

  #checkParked(): void {
    if (this.#parked) throw new Parked();
  }

  #now(): number {
    return this.#activation.runtime.loop.clock.now();
  }
}

/** A step's scope: its key, and its `put`s held until its record commits. */
class Scope implements StepScope {
  readonly key: string;
  readonly writes = new Map<string, Json>();
  readonly #activation: Activation;

  constructor(activation: Activation, key: string) {
    this.#activation = activation;
    this.key = key;
  }

  get = (key: string): Json | undefined => {
    if (this.writes.has(key)) return this.writes.get(key);
    return this.#activation.store.read(this.#activation.claim.workflow.id, key);
  };

  put = (key: string, value: Json): void => {
    this.writes.set(key, durable(value, `put("${key}")`));
  };
}

/** What a recorded step returns on replay: its result, or its failure again. */
function replayed<T>(recorded: StepRecord): T {
  if (recorded.error !== null) {
    throw new StepFailedError(recorded.name, recorded.error);
  }
  return recorded.result as T;
}

/** Wait for a step's answer, whichever of value, promise or future it is. */
function* settle<T>(
  activation: Activation,
  answer: StepResult<T>,
): Durable<T> {
  if (isFuture<T>(answer)) return yield* wait(answer);
  if (isPromiseLike<T>(answer)) {
    return yield* wait(activation.runtime.fromPromise(answer));
  }
  return answer;
}

function isFuture<T>(value: unknown): value is Future<T> {
  return typeof value === "object" && value !== null &&
    typeof (value as { poll?: unknown }).poll === "function";
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof value === "object" && value !== null &&
    typeof (value as { then?: unknown }).then === "function";
}

/**
 * `value`, if the store can keep it as it is (JSON, with no `undefined`, no
 * functions, no `NaN`); otherwise a {@linkcode NotDurableError} naming `what`.
 */
export function durable(value: unknown, what: string): Json {
  if (value === undefined) return null;
  const problem = notJson(value, new Set());
  if (problem !== undefined) {
    throw new NotDurableError(
      `${what} cannot be saved: ${problem}. A durable value is JSON: null, a boolean, a finite number, a string, or arrays and plain objects of these.`,
    );
  }
  return value as Json;
}

function notJson(value: unknown, seen: Set<object>): string | undefined {
  if (
    value === null || typeof value === "boolean" || typeof value === "string"
  ) {
    return undefined;
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : `it holds ${value}`;
  }
  if (typeof value !== "object") return `it holds a ${typeof value}`;
  if (seen.has(value)) return "it refers to itself";
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    return `it holds a ${value.constructor?.name ?? "class instance"}`;
  }
  for (const item of Object.values(value)) {
    const problem = notJson(item, seen);
    if (problem !== undefined) return problem;
  }
  seen.delete(value);
  return undefined;
}

/** How a workflow's failure is recorded: its message, with its kind if it has one. */
export function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.name === "Error"
      ? error.message
      : `${error.name}: ${error.message}`;
  }
  return String(error);
}
