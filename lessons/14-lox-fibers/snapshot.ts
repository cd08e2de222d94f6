/**
 * Snapshots: a fiber's whole state, and its program's globals, as plain data that
 * `structuredClone` copies (and that could be written to disk), then restored into a
 * fiber that goes on exactly where the first one stopped. This works because the VM
 * keeps nothing in JavaScript: no closure, no call stack, no promise holds the
 * program's state; it is all in the fiber's stack, frames and upvalues.
 *
 * What is not data cannot be saved: a snapshot that meets a handle to a live host
 * resource (a socket, a listener, a task, a channel) fails with a
 * {@linkcode SnapshotError} that names it and says why. A fiber waiting in `sleep` is
 * saved as "sleeping until T", T on the runtime's clock; restored, it sleeps until T
 * on the new runtime's clock (at once, if T has passed). Waiting for anything else
 * (a `recv`, a `read`, a `join`, a `timeout`) cannot be saved.
 *
 * @module
 */

import { Fiber, type FiberOptions } from "./fiber.ts";
import { replaceGlobals } from "./round_trip.ts";
import type { Host } from "./host.ts";
import type { Value } from "../12-lox-compiler/value.ts";
import type { Fiber as FiberState, Program } from "../13-lox-vm/vm.ts";
import { NativeWait } from "./wait.ts";

/** The version of the snapshot format below. */
export const SNAPSHOT_FORMAT = "bounce-lox-fiber/1";

/** A saved fiber: plain data, safe to `structuredClone` or serialize. */
export interface FiberSnapshot {
  /** {@linkcode SNAPSHOT_FORMAT}. */
  readonly format: typeof SNAPSHOT_FORMAT;
  /** The program's globals. */
  readonly globals: Map<string, Value>;
  /** The VM's state: stack, frames, open upvalues. */
  readonly state: FiberState;
  /** If the fiber was in `sleep`: when it wakes, on the runtime's clock. */
  readonly sleepingUntil: number | null;
  /**
   * The highest handle id the program had given: handles in the snapshot refer to
   * closed resources, and a restored program must not give their ids to new ones.
   */
  readonly lastHandleId: number;
}

/** Why a fiber could not be snapshotted: it holds or waits for a live host resource. */
export class SnapshotError extends Error {
  /** The resource, as Lox prints it (`<connection 5>`), or what the fiber waits in. */
  readonly resource: string;

  /**
   * @param resource what stood in the way.
   * @param why the sentence that explains it.
   */
  constructor(resource: string, why: string) {
    super(`Cannot snapshot this fiber: ${why}`);
    this.name = "SnapshotError";
    this.resource = resource;
  }
}

/** Why each type of resource cannot be saved. */
const WHY_NOT: Readonly<Record<string, string>> = {
  connection:
    "an open socket belongs to this process and cannot be saved; close it before the snapshot.",
  listener:
    "a listening socket belongs to this process and cannot be saved; close it before the snapshot.",
  task:
    "a task is a fiber of its own, outside this one's state; join it before the snapshot.",
  channel:
    "a channel's queue and waiters live in this process, outside the fiber's state.",
};

/**
 * Capture `fiber` and its program's globals. Throws a {@linkcode SnapshotError} if
 * they hold a live host resource, or if the fiber waits for anything but a sleep.
 */
export function captureFiber(fiber: Fiber): FiberSnapshot {
  // TODO: refuse a fiber that has ended. If it waits (fiber.waitingOn), only a
  // NativeWait whose reason is a "sleep" can be saved, as sleepingUntil; anything
  // else is a SnapshotError naming reason.what. Refuse live handles anywhere in the
  // globals or the state (checkNoLiveHandles), then copy it all (structuredClone).
  void fiber, NativeWait, checkNoLiveHandles, SNAPSHOT_FORMAT;
  throw new Error("not implemented: captureFiber (a running fiber as data)");
}

/** What {@linkcode restoreFiber} needs besides the snapshot. */
export interface RestoreOptions extends FiberOptions {
  /**
   * A sleep until `until` on the new runtime's clock, as a native's wait (so that a
   * restored fiber can be snapshotted again while it sleeps). natives.ts's sleep.
   */
  readonly sleepUntil: (until: number) => NativeWait<void>;
}

/**
 * A fiber that goes on from `snapshot`, in `program` (whose globals are replaced by
 * the snapshot's) on `host`. The snapshot itself is left as it was, so it can be
 * restored again.
 */
export function restoreFiber(
  snapshot: FiberSnapshot,
  program: Program,
  host: Host,
  options: RestoreOptions,
): Fiber {
  // TODO: refuse another format; copy the snapshot (it must stay reusable); give the
  // program its globals (replaceGlobals); keep new handle ids above the old ones
  // (host.reserveIds); a new Fiber on the copied state; a sleeper waits again
  // (fiber.waitFor(options.sleepUntil(...))).
  void snapshot, program, host, options, replaceGlobals, Fiber;
  throw new Error("not implemented: restoreFiber (a fiber from a snapshot)");
}

/** Walk everything reachable from `roots`; throw at the first handle still in `host`. */
function checkNoLiveHandles(host: Host, roots: readonly unknown[]): void {
  // TODO: walk the graph from `roots` with a stack and a `seen` set (objects may
  // refer to each other, and to themselves). Skip typed arrays (bytecode); look
  // inside Maps (keys and values) and plain objects and arrays (Object.values).
  // A handle (isHandle) still live in the host is a SnapshotError: its resource
  // `<type id>`, and `it holds ${host.describe(type, id)}: ${WHY_NOT[type]}`.
  void host, roots, isHandle, WHY_NOT;
  throw new Error("not implemented: checkNoLiveHandles");
}

function isHandle(
  item: object,
): item is { kind: "handle"; type: "task"; id: number } {
  return (item as { kind?: unknown }).kind === "handle";
}
