/**
 * The natives that make Lox a language of this runtime: `clock`, `sleep`, `spawn`
 * and `join`, `channel` with `send`, `recv` and `close`, `timeout`, and TCP on
 * 127.0.0.1 (`listen`, `accept`, `connect`, `read`, `write`, `close`). Each is a
 * plain function of its arguments; one that must wait answers `Suspend(future)` and
 * the fiber waits for that future (fiber.ts). A wrong argument is a Lox runtime
 * error that names the native and what it expected. README.md shows them in use.
 *
 * @module
 */

import {
  type Context,
  type Poll,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { channel } from "../../lessons/07-channels/channel.ts";
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import {
  CancelledError,
  ClosedError,
  TimeoutError,
} from "../../lessons/contract/errors.ts";
import type { TcpStream } from "../../lessons/06-io/tcp.ts";
import { Fiber } from "./fiber.ts";
import type { HandleType, Host, HostTask, Resources } from "./host.ts";
import {
  type LoxClosure,
  type LoxHandle,
  printValue,
  type Value,
} from "../../lessons/12-lox-compiler/value.ts";
import { LoxRuntimeError } from "../../lessons/10-lox-parser/errors.ts";
import {
  type NativeFn,
  type NativeTable,
  newFiber,
  Suspend,
} from "../../lessons/13-lox-vm/vm.ts";
import { NativeWait } from "./wait.ts";

/** Bytes asked for by one `read`. */
const READ_SIZE = 16 * 1024;

/** The natives of a program whose resources live in `host`, by name. */
export function loxNatives(host: Host): NativeTable {
  const natives: Record<string, [number, NativeFn]> = {
    clock: [0, () => host.runtime.loop.clock.now() / 1000],
    sleep: [1, ([ms]) => sleep(host, ms)],
    spawn: [1, ([fn]) => spawn(host, fn)],
    join: [1, ([task]) => join(host, task)],
    channel: [1, ([capacity]) => newChannel(host, capacity)],
    send: [2, ([ch, value]) => send(host, ch, value)],
    recv: [1, ([ch]) => recv(host, ch)],
    close: [1, ([x]) => close(host, x)],
    timeout: [2, ([ms, fn]) => timeout(host, ms, fn)],
    listen: [1, ([port]) => listen(host, port)],
    accept: [1, ([listener]) => accept(host, listener)],
    connect: [2, ([hostname, port]) => connect(host, hostname, port)],
    read: [1, ([conn]) => read(host, conn)],
    write: [2, ([conn, text]) => write(host, conn, text)],
  };
  return new Map(
    Object.entries(natives).map(([name, [arity, fn]]) => [name, { arity, fn }]),
  );
}

// ── Time and tasks ────────────────────────────────────────────────────────────

function sleep(host: Host, ms: Value): Suspend {
  const time = milliseconds("sleep", ms);
  return new Suspend(sleepUntil(host, host.runtime.loop.clock.now() + time));
}

/**
 * The wait of a `sleep` that ends at `until` on the runtime's clock: what `sleep`
 * suspends on, and what a fiber restored from a snapshot taken in a sleep waits for.
 */
export function sleepUntil(host: Host, until: number): NativeWait<void> {
  return new NativeWait(
    { type: "sleep", until },
    host.runtime.loop.timers.sleepUntil(until),
    (outcome) => {
      if (!outcome.ok) throw failure("sleep", outcome.error);
      return null;
    },
  );
}

function spawn(host: Host, fn: Value): LoxHandle {
  const caller = callingFiber(host);
  const closure = taskFunction("spawn", fn);
  const fiber = childFiber(caller, closure);
  const task = new Spawned(fiber);
  host.runtime.spawn(task);
  return host.add("task", task, caller);
}

function join(host: Host, task: Value): Suspend {
  const spawned = resource(host, "join", task, "task", "a task");
  if (!(spawned instanceof Spawned)) {
    throw new Error("a task that is not a fiber");
  }
  if (spawned.fiber === callingFiber(host)) {
    // It would wait forever, silently if other fibers keep the program alive.
    throw new LoxRuntimeError("join: a task cannot wait for itself to end.");
  }
  return new Suspend(
    new NativeWait(
      { type: "host", what: `join(${show(task)})` },
      spawned.fiber.ended(),
      (outcome) => {
        if (!outcome.ok) throw failure("join", outcome.error);
        const ended = outcome.value;
        if (ended.ok) return spawned.result;
        throw new LoxRuntimeError(`Joined task failed: ${reason(ended.error)}`);
      },
    ),
  );
}

function timeout(host: Host, ms: Value, fn: Value): Suspend {
  const caller = callingFiber(host);
  const time = milliseconds("timeout", ms);
  const fiber = childFiber(caller, taskFunction("timeout", fn));
  // The function runs inside this fiber's task, as a future the timeout races
  // against its timer: when the timer wins, the race cancels the fiber at once.
  return new Suspend(
    new NativeWait(
      { type: "host", what: "timeout()" },
      host.runtime.timeout(fiber, time),
      (outcome) => {
        if (outcome.ok) return outcome.value;
        if (outcome.error instanceof TimeoutError) return null;
        throw new LoxRuntimeError(reason(outcome.error));
      },
    ),
  );
}

/**
 * The future a spawned fiber's task runs: the fiber, plus `abort()`, which cancels
 * the fiber at once (releasing what it holds) and lets the task end.
 */
class Spawned implements CancellableFuture<Value>, HostTask {
  readonly fiber: Fiber;
  #waker: Waker | undefined;
  // The function's result, held by the host (Host.values) for every join.
  #resultKey: number | undefined;

  constructor(fiber: Fiber) {
    this.fiber = fiber;
  }

  get ended(): boolean {
    return this.fiber.outcome !== undefined;
  }

  /** What the function returned (nil until it has). */
  get result(): Value {
    const key = this.#resultKey;
    return key === undefined ? null : this.fiber.host.values.get(key) ?? null;
  }

  poll(cx: Context): Poll<Value> {
    const outcome = this.fiber.outcome;
    if (outcome !== undefined && !outcome.ok) throw outcome.error;
    this.#waker = cx.waker;
    const polled = this.fiber.poll(cx);
    if (polled.ready) this.#resultKey = this.fiber.host.keep(polled.value);
    return polled;
  }

  abort(): void {
    if (this.ended) return;
    this.fiber.cancel();
    // Its task must see the end too; spawning queued it, so it is polled anyway.
    this.#waker?.wake();
  }

  cancel(): void {
    this.fiber.cancel();
  }

  [Symbol.dispose](): void {
    this.cancel();
  }
}

// ── Channels ──────────────────────────────────────────────────────────────────

function newChannel(host: Host, capacity: Value): LoxHandle {
  if (
    typeof capacity !== "number" || !Number.isInteger(capacity) || capacity < 1
  ) {
    throw new LoxRuntimeError(
      `channel: expected a capacity (a whole number from 1 up), got ${
        show(capacity)
      }.`,
    );
  }
  const [sender, receiver] = channel<number>(capacity);
  return host.add("channel", { sender, receiver }, undefined);
}

function send(host: Host, ch: Value, value: Value): Suspend {
  const { sender } = resource(host, "send", ch, "channel", "a channel");
  const key = host.keep(value);
  const sending = sender.send(key);
  const cancel = () => {
    // Cancelled before it was sent: nobody will ever take the value.
    sending.cancel();
    host.take(key);
  };
  const delivery: CancellableFuture<void> = {
    poll: (cx: Context) => sending.poll(cx),
    cancel,
    [Symbol.dispose]: cancel,
  };
  return new Suspend(
    new NativeWait(
      { type: "host", what: `send(${show(ch)})` },
      delivery,
      (outcome) => {
        if (outcome.ok) return null;
        host.take(key);
        if (outcome.error instanceof ClosedError) {
          throw new LoxRuntimeError("Send on a closed channel.");
        }
        throw failure("send", outcome.error);
      },
    ),
  );
}

function recv(host: Host, ch: Value): Suspend {
  const { receiver } = resource(host, "recv", ch, "channel", "a channel");
  return new Suspend(
    new NativeWait(
      { type: "host", what: `recv(${show(ch)})` },
      receiver.recv(),
      (outcome) => {
        if (!outcome.ok) throw failure("recv", outcome.error);
        const key = outcome.value;
        return key === undefined ? null : host.take(key);
      },
    ),
  );
}

function close(host: Host, x: Value): Value | Suspend {
  const expected = "a channel, connection or listener";
  if (!isHandle(x) || x.type === "task") {
    throw new LoxRuntimeError(`close: expected ${expected}, got ${show(x)}.`);
  }
  const found = host.get(x.id);
  if (found === undefined) return null; // closed already: closing twice is fine
  switch (found.type) {
    case "channel":
      found.value.sender.close();
      return null;
    case "listener":
      found.value.close();
      host.remove(x.id);
      return null;
    case "connection":
      return closeConnection(host, x, found.value.stream);
    default:
      throw new LoxRuntimeError(`close: expected ${expected}, got ${show(x)}.`);
  }
}

/** Close after what was written has gone out, so `write` then `close` loses nothing. */
function closeConnection(
  host: Host,
  handle: LoxHandle,
  stream: TcpStream,
): Value | Suspend {
  const done = () => {
    stream.close();
    host.remove(handle.id);
  };
  if (stream.queuedBytes === 0) {
    done();
    return null;
  }
  return new Suspend(
    new NativeWait(
      { type: "host", what: `close(${show(handle)})` },
      stream.flush(),
      (outcome) => {
        done();
        if (!outcome.ok) throw failure("close", outcome.error);
        return null;
      },
    ),
  );
}

// ── TCP ───────────────────────────────────────────────────────────────────────

function listen(host: Host, port: Value): LoxHandle {
  const caller = callingFiber(host);
  const number = portNumber("listen", port);
  try {
    return host.add("listener", host.runtime.listen({ port: number }), caller);
  } catch (error) {
    throw new LoxRuntimeError(
      `listen: cannot listen on 127.0.0.1:${number}: ${reason(error)}`,
    );
  }
}

function accept(host: Host, listener: Value): Suspend {
  const caller = callingFiber(host);
  const found = resource(host, "accept", listener, "listener", "a listener");
  return new Suspend(
    new NativeWait(
      { type: "host", what: `accept(${show(listener)})` },
      found.accept(),
      (outcome) => {
        if (!outcome.ok) throw failure("accept", outcome.error, listener);
        return connection(host, outcome.value, caller);
      },
    ),
  );
}

function connect(host: Host, hostname: Value, port: Value): Suspend {
  const caller = callingFiber(host);
  if (typeof hostname !== "string") {
    throw new LoxRuntimeError(
      `connect: expected a host name string, got ${show(hostname)}.`,
    );
  }
  const number = portNumber("connect", port);
  return new Suspend(
    new NativeWait(
      { type: "host", what: `connect("${hostname}", ${number})` },
      host.runtime.connect({ hostname, port: number }),
      (outcome) => {
        if (!outcome.ok && notAllowed(outcome.error)) {
          // Deno's own advice ("run again with --allow-net") is not the script's to take.
          throw new LoxRuntimeError(
            `connect: this program may only connect to 127.0.0.1, not ${hostname}.`,
          );
        }
        if (!outcome.ok) {
          throw new LoxRuntimeError(
            `connect: cannot connect to ${hostname}:${number}: ${
              reason(outcome.error)
            }`,
          );
        }
        return connection(host, outcome.value, caller);
      },
    ),
  );
}

function connection(host: Host, stream: TcpStream, owner: Fiber): LoxHandle {
  return host.add("connection", { stream, decoder: new TextDecoder() }, owner);
}

function read(host: Host, conn: Value): Suspend {
  const { stream, decoder } = resource(
    host,
    "read",
    conn,
    "connection",
    "a connection",
  );
  const buffer = new Uint8Array(READ_SIZE);
  return new Suspend(
    new NativeWait(
      { type: "host", what: `read(${show(conn)})` },
      stream.read(buffer),
      (outcome) => {
        if (!outcome.ok) throw failure("read", outcome.error, conn);
        const count = outcome.value;
        if (count !== null) {
          return decoder.decode(buffer.subarray(0, count), { stream: true });
        }
        // The end: whatever half character is left, then nil.
        const rest = decoder.decode();
        return rest === "" ? null : rest;
      },
    ),
  );
}

function write(host: Host, conn: Value, text: Value): Suspend {
  const { stream } = resource(
    host,
    "write",
    conn,
    "connection",
    "a connection",
  );
  if (typeof text !== "string") {
    throw new LoxRuntimeError(`write: expected a string, got ${show(text)}.`);
  }
  return new Suspend(
    new NativeWait(
      { type: "host", what: `write(${show(conn)})` },
      stream.write(new TextEncoder().encode(text)),
      (outcome) => {
        if (!outcome.ok) throw failure("write", outcome.error, conn);
        return null;
      },
    ),
  );
}

// ── Checking arguments ────────────────────────────────────────────────────────

function callingFiber(host: Host): Fiber {
  const fiber = host.current;
  // Natives run only inside a fiber's slice, which sets `current`.
  if (fiber === undefined) throw new Error("a native called outside a fiber");
  return fiber;
}

/** A new fiber for `closure`, run the way `caller` runs, inheriting from it. */
function childFiber(caller: Fiber, closure: LoxClosure): Fiber {
  const program = caller.program;
  return new Fiber(program, newFiber(program, closure, []), caller.host, {
    budget: caller.budget,
    snapshotEvery: caller.snapshotEvery,
    parent: caller,
  });
}

function taskFunction(native: string, fn: Value): LoxClosure {
  if (
    fn === null || typeof fn !== "object" || fn.kind !== "closure" ||
    fn.fn.arity !== 0
  ) {
    throw new LoxRuntimeError(
      `${native}: expected a function with no parameters, got ${show(fn)}.`,
    );
  }
  return fn;
}

function milliseconds(native: string, ms: Value): number {
  if (typeof ms !== "number" || !(ms >= 0)) {
    throw new LoxRuntimeError(
      `${native}: expected a number of milliseconds (0 or more), got ${
        show(ms)
      }.`,
    );
  }
  return ms;
}

function portNumber(native: string, port: Value): number {
  if (
    typeof port !== "number" || !Number.isInteger(port) || port < 0 ||
    port > 65535
  ) {
    throw new LoxRuntimeError(
      `${native}: expected a port number (0 to 65535), got ${show(port)}.`,
    );
  }
  return port;
}

function isHandle(value: Value): value is LoxHandle {
  return value !== null && typeof value === "object" && value.kind === "handle";
}

/** The resource of type `type` that `value` names, or a runtime error saying why not. */
function resource<K extends HandleType>(
  host: Host,
  native: string,
  value: Value,
  type: K,
  expected: string,
): Resources[K] {
  if (!isHandle(value) || value.type !== type) {
    throw new LoxRuntimeError(
      `${native}: expected ${expected}, got ${show(value)}.`,
    );
  }
  const found = host.get(value.id);
  if (found === undefined || found.type !== type) {
    throw new LoxRuntimeError(`${native}: ${show(value)} is closed.`);
  }
  // A socket belongs to the last fiber that used it (host.ts, ownership).
  if (type === "connection" || type === "listener") {
    host.claim(value.id, callingFiber(host));
  }
  return found.value as Resources[K];
}

/** A value as a message shows it: strings in quotes, the rest as `print` would. */
function show(value: Value): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  return printValue(value);
}

/** What went wrong, in words, for a message. */
function reason(error: unknown): string {
  if (error instanceof CancelledError) return "Task was cancelled.";
  return error instanceof Error ? error.message : String(error);
}

/** True if the host's permissions, not the network, refused an operation. */
function notAllowed(error: unknown): boolean {
  return error instanceof Deno.errors.NotCapable ||
    error instanceof Deno.errors.PermissionDenied;
}

/** A runtime failure of a native's future, as a Lox error naming the native. */
function failure(
  native: string,
  error: unknown,
  handle?: Value,
): LoxRuntimeError {
  if (error instanceof LoxRuntimeError) return error;
  if (error instanceof ClosedError && handle !== undefined) {
    return new LoxRuntimeError(`${native}: ${show(handle)} is closed.`);
  }
  return new LoxRuntimeError(`${native}: ${reason(error)}`);
}
