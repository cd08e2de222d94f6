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
 * a spawned task). When that fiber is cancelled or fails, the host closes its
 * connections and listeners and cancels its tasks; when it returns, what it still
 * owns passes to the fiber that started it. Channels are plain queues and belong to
 * nobody. Whatever is left when the program ends is closed by {@linkcode Host.closeAll}.
 *
 * @module
 */

import type { Receiver, Sender } from "../../lessons/07-channels/channel.ts";
import type { TcpListener, TcpStream } from "../../lessons/06-io/tcp.ts";
import type { Runtime } from "../run.ts";
import type { Fiber } from "./fiber.ts";
import { type LoxHandle, newHandle, type Value } from "./value.ts";

/** The types of resource a handle may name. */
export type HandleType = LoxHandle["type"];

/** A task started by `spawn`: it can be cancelled, and joined any number of times. */
export interface HostTask {
  /** Cancel the task now, releasing what it holds; harmless once it has ended. */
  abort(): void;
  /** True once the task has ended, however it ended. */
  readonly ended: boolean;
}

/** A channel: both of its ends, shared by every fiber that has its handle. */
export interface HostChannel {
  /** The one sending end; `close(ch)` closes it. */
  readonly sender: Sender<Value>;
  /** The one receiving end. */
  readonly receiver: Receiver<Value>;
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
   * Called after each run of the VM, with how many instructions it ran. A virtual
   * clock advances here; a system clock needs nothing.
   */
  readonly compute?: (instructions: number) => void;
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
  #entries = new Map<number, Entry>();
  #owned = new Map<Owner, Set<number>>();
  #lastId = 0;

  #compute: (instructions: number) => void;

  /**
   * @param runtime the runtime the program runs on.
   * @param options what computing costs in time (see {@linkcode HostOptions}).
   */
  constructor(runtime: Runtime, options: HostOptions = {}) {
    this.runtime = runtime;
    this.#compute = options.compute ?? (() => {});
  }

  /**
   * A fiber ran `instructions` instructions. On a virtual clock this moves time on,
   * so that a program that computes without waiting still sees time pass.
   */
  computed(instructions: number): void {
    this.#compute(instructions);
  }

  /** How many resources are in the table (open, or tasks that may still be joined). */
  get size(): number {
    return this.#entries.size;
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
