/**
 * The host table: what a Lox program uses that cannot be plain data. A task, a
 * channel, a TCP connection or a listener lives here, in JavaScript, and the VM only
 * sees a `handle` value, `{ kind: "handle", type, id }`, whose id is its key in this
 * table. That split is what lets a fiber's state be copied with `structuredClone`:
 * the VM's side is data, and what cannot be copied (a socket) stays on this side,
 * where a snapshot can see it and say so.
 *
 * ```
 *   VM state (data)                    Host (JavaScript objects)
 *   ┌───────────────────────┐          ┌──────────────────────────────┐
 *   │ var c = <connection 5>│ ── 5 ──► │ 5: TcpStream, owner fiber 1  │
 *   └───────────────────────┘          └──────────────────────────────┘
 * ```
 *
 * Ownership: a resource belongs to the fiber that opened it (a connection, a listener,
 * a spawned task), and a connection or listener then to the last fiber that used it.
 * When that fiber is cancelled or fails, the host closes its connections and
 * listeners and cancels its tasks; when it returns, what it still owns passes to the
 * fiber that started it. Channels are plain queues and belong to
 * nobody. Whatever is left when the program ends is closed by {@linkcode Host.closeAll}.
 *
 * @module
 */

import type { LoxRuntimeError } from "../10-lox-parser/errors.ts";
import type { Receiver, Sender } from "../07-channels/channel.ts";
import type { TcpListener, TcpStream } from "../06-io/tcp.ts";
import type { Runtime } from "../../runtime/run.ts";
import type { Fiber } from "./fiber.ts";
import {
  type LoxHandle,
  newHandle,
  type Value,
} from "../12-lox-compiler/value.ts";

/** The types of resource a handle may name. */
export type HandleType = LoxHandle["type"];

/** A task started by `spawn`: it can be cancelled, and joined any number of times. */
export interface HostTask {
  /** Cancel the task now, releasing what it holds; harmless once it has ended. */
  abort(): void;
  /** True once the task has ended, however it ended. */
  readonly ended: boolean;
}

/**
 * A channel: both of its ends, shared by every fiber that has its handle. What
 * travels through it is a key into {@linkcode Host.values}, not the value itself,
 * so that every Lox value the host holds is in one place a snapshot can copy.
 */
export interface HostChannel {
  /** The one sending end; `close(ch)` closes it. */
  readonly sender: Sender<number>;
  /** The one receiving end. */
  readonly receiver: Receiver<number>;
}

/** A connection, and what is needed to turn its bytes into strings. */
export interface HostConnection {
  /** The stream itself. */
  readonly stream: TcpStream;
  /** Decodes UTF-8 across reads: a character may arrive in two pieces. */
  readonly decoder: TextDecoder;
}

/** What a handle may refer to, by the handle's type. */
export interface Resources {
  /** A spawned fiber. */
  task: HostTask;
  /** A channel. */
  channel: HostChannel;
  /** A TCP connection. */
  connection: HostConnection;
  /** A TCP listener. */
  listener: TcpListener;
}

/** A resource in the table, with its type. */
export type Resource = {
  [K in HandleType]: { readonly type: K; readonly value: Resources[K] };
}[HandleType];

/** Who can own a resource: a fiber, seen by the host only as an object. */
export type Owner = object;

interface Entry {
  readonly resource: Resource;
  owner: Owner | undefined;
}

/** What each type of resource is called in messages. */
const DESCRIPTIONS: Readonly<Record<HandleType, string>> = {
  task: "a task",
  channel: "a channel",
  connection: "a TCP connection",
  listener: "a TCP listener",
};

/** How to set up a {@linkcode Host}. */
export interface HostOptions {
  /**
   * Called each time a fiber has run a whole slice without waiting, with the
   * slice's size in instructions. A virtual clock advances here, so that time
   * passes for a program that computes; a system clock needs nothing.
   */
  readonly compute?: (instructions: number) => void;
  /**
   * Milliseconds of computing (whole slices run without waiting, summed over every
   * fiber) after which the program is stopped; no limit if not given. Waiting costs
   * nothing, so a server that mostly waits runs on, and a loop that never waits ends.
   */
  readonly computeLimitMs?: number;
  /** Called once when a fiber passes `computeLimitMs`, with the error it ends with. */
  readonly onOverLimit?: (error: LoxRuntimeError) => void;
}

/** A Lox program's resources outside the VM, and the runtime they live on. */
export class Host {
  /** The runtime the program's fibers run on. */
  readonly runtime: Runtime;
  /**
   * The fiber whose instructions run right now, if any: natives run inside a fiber's
   * slice, and this is how they know which fiber called them (to record it as owner).
   */
  current: Fiber | undefined;
  /** The program's fibers that have not ended: a snapshot of the program copies them all. */
  readonly fibers: Set<Fiber> = new Set();
  /**
   * Lox values the host holds outside every fiber's state: messages in channels,
   * results of finished tasks. Kept here, by key, so that the snapshot stress test
   * copies them together with the fibers, and a value keeps its identity.
   */
  readonly values: Map<number, Value> = new Map();
  #lastKey = 0;
  #entries = new Map<number, Entry>();
  #owned = new Map<Owner, Set<number>>();
  #lastId = 0;

  #compute: (instructions: number) => void;
  readonly #computeLimitMs: number;
  #computedMs = 0;
  readonly #onOverLimit: (error: LoxRuntimeError) => void;

  /**
   * @param runtime the runtime the program runs on.
   * @param options what computing costs in time (see {@linkcode HostOptions}).
   */
  constructor(runtime: Runtime, options: HostOptions = {}) {
    this.runtime = runtime;
    this.#compute = options.compute ?? (() => {});
    this.#computeLimitMs = options.computeLimitMs ?? Infinity;
    this.#onOverLimit = options.onOverLimit ?? (() => {});
  }

  /**
   * A fiber ran a whole slice of `instructions` without waiting, in `ms` of real
   * time. On a virtual clock this moves time on, so that a program that computes
   * still sees time pass. Answers the message to stop with once the program's
   * computing time passes its limit, else `undefined`.
   */
  computed(instructions: number, ms: number): string | undefined {
    this.#compute(instructions);
    this.#computedMs += ms;
    if (this.#computedMs < this.#computeLimitMs) return undefined;
    return `Time limit: the program computed for ${
      this.#computeLimitMs / 1000
    } s without waiting, and was stopped.`;
  }

  /** A fiber passed the computing limit and ends with `error`: stop the program. */
  overLimit(error: LoxRuntimeError): void {
    this.#onOverLimit(error);
  }

  /** How many resources are in the table (open, or tasks that may still be joined). */
  get size(): number {
    return this.#entries.size;
  }

  /** Hold `value` for the program; answer the key it is held under. */
  keep(value: Value): number {
    const key = ++this.#lastKey;
    this.values.set(key, value);
    return key;
  }

  /** The value held under `key`, no longer held (nil if there was none). */
  take(key: number): Value {
    const value = this.values.get(key) ?? null;
    this.values.delete(key);
    return value;
  }

  /** The highest id given so far. */
  get lastId(): number {
    return this.#lastId;
  }

  /**
   * Give ids above `id` from now on: a restored snapshot may hold handles up to it,
   * and a new resource must not take the number of an old, closed one.
   */
  reserveIds(id: number): void {
    if (id > this.#lastId) this.#lastId = id;
  }

  /** Put `resource` in the table, owned by `owner`; answer the handle the VM sees. */
  add<K extends HandleType>(
    type: K,
    value: Resources[K],
    owner: Owner | undefined,
  ): LoxHandle {
    const id = ++this.#lastId;
    const resource = { type, value } as Resource;
    this.#entries.set(id, { resource, owner });
    if (owner !== undefined) this.#ownedBy(owner).add(id);
    return newHandle(type, id);
  }

  /** The resource `id` names, or `undefined` once it is closed (or never was). */
  get(id: number): Resource | undefined {
    return this.#entries.get(id)?.resource;
  }

  /** True if `id` names a resource still in the table. */
  isLive(id: number): boolean {
    return this.#entries.has(id);
  }

  /** Take `id` out of the table (it was closed); later uses of its handle fail. */
  remove(id: number): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    if (entry.owner !== undefined) this.#owned.get(entry.owner)?.delete(id);
  }

  /**
   * `owner` uses resource `id`: it becomes its owner. A connection accepted by one
   * fiber and served by another belongs to the one serving it, so that when that
   * fiber fails, the connection closes.
   */
  claim(id: number, owner: Owner): void {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.owner === owner) return;
    if (entry.owner !== undefined) this.#owned.get(entry.owner)?.delete(id);
    entry.owner = owner;
    this.#ownedBy(owner).add(id);
  }

  /**
   * `owner` returned: what it still owns passes to `heir` (the fiber that started
   * it), or to nobody, to be closed when the program ends.
   */
  transfer(owner: Owner, heir: Owner | undefined): void {
    const ids = this.#owned.get(owner);
    this.#owned.delete(owner);
    if (ids === undefined) return;
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (entry === undefined) continue;
      entry.owner = heir;
      if (heir !== undefined) this.#ownedBy(heir).add(id);
    }
  }

  /**
   * `owner` was cancelled or failed: close the connections and listeners it opened
   * and cancel the tasks it spawned (which release theirs in turn).
   */
  release(owner: Owner): void {
    const ids = this.#owned.get(owner);
    this.#owned.delete(owner);
    for (const id of ids ?? []) this.#close(id);
  }

  /** The program is over: close every connection and listener, cancel every task. */
  closeAll(): void {
    for (const id of [...this.#entries.keys()]) this.#close(id);
    this.#owned.clear();
  }

  /** `<connection 5>, a TCP connection`: how messages name a resource. */
  describe(type: HandleType, id: number): string {
    return `<${type} ${id}>, ${DESCRIPTIONS[type]}`;
  }

  #ownedBy(owner: Owner): Set<number> {
    let ids = this.#owned.get(owner);
    if (ids === undefined) {
      ids = new Set();
      this.#owned.set(owner, ids);
    }
    return ids;
  }

  #close(id: number): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    const resource = entry.resource;
    switch (resource.type) {
      case "task":
        // A task stays in the table once it has ended, so that it can be joined.
        resource.value.abort();
        return;
      case "channel":
        return;
      case "connection":
        resource.value.stream.close();
        break;
      case "listener":
        resource.value.close();
        break;
    }
    this.remove(id);
  }
}
