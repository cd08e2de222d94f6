/**
 * TCP as futures. A {@linkcode TcpStream} keeps at most one read and one write in
 * flight at Deno, through the reactor; its futures answer from what has arrived and
 * wait (keeping the task's waker) when nothing has. Writes are buffered up to a
 * high-water mark, and past it `write` is pending until the peer has taken enough
 * bytes: backpressure. Every future here can be cancelled, and several tasks may
 * wait on one stream or listener at once.
 *
 * @module
 */

import {
  type Context,
  PENDING,
  type Poll,
  ready,
} from "../../lessons/01-futures/future.ts";
import type { Reactor, Watch } from "./reactor.ts";
import { type Outcome } from "../../lessons/contract/outcome.ts";
import {
  ClosedError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";
import type { CancellableFuture } from "../../lessons/contract/cancel.ts";
import { Waiters } from "./waiters.ts";

/** The part of `Deno.Conn` a stream uses; tests can supply their own. */
export interface Connection {
  /** Read into `buffer`; resolves with the byte count, or `null` at end of stream. */
  read(buffer: Uint8Array): Promise<number | null>;
  /** Write some of `bytes`; resolves with how many were written. */
  write(bytes: Uint8Array): Promise<number>;
  /** Release the connection. */
  close(): void;
  /** Let a pending read keep the process alive again (`Deno.Conn` has it). */
  ref?(): void;
  /** Let the process exit even though a read is pending (`Deno.Conn` has it). */
  unref?(): void;
}

/** The part of `Deno.Listener` a {@linkcode TcpListener} uses. */
export interface Acceptor {
  /** The next connection. */
  accept(): Promise<Connection>;
  /** Stop listening; a pending accept then fails. */
  close(): void;
  /** Let a pending accept keep the process alive again. */
  ref?(): void;
  /** Let the process exit even though an accept is pending. */
  unref?(): void;
}

/** How to tune a {@linkcode TcpStream}. */
export interface StreamOptions {
  /** Bytes that may wait to be sent before `write` is pending. 64 KiB by default. */
  readonly highWaterMark?: number;
}

const READ_CHUNK = 64 * 1024;

/**
 * A future that waits on a stream or listener, kept to the contract's rules: `step`
 * does the work of one poll; `leave` takes the future out of whatever it waits in,
 * once it is ready, failed or cancelled.
 */
class Waiting<T> implements CancellableFuture<T> {
  #what: string;
  #step: (cx: Context, self: Waiting<T>) => Poll<T>;
  #leave: (self: Waiting<T>) => void;
  #state: "waiting" | "done" | "cancelled" = "waiting";

  constructor(
    what: string,
    step: (cx: Context, self: Waiting<T>) => Poll<T>,
    leave: (self: Waiting<T>) => void,
  ) {
    this.#what = what;
    this.#step = step;
    this.#leave = leave;
  }

  poll(cx: Context): Poll<T> {
    if (this.#state !== "waiting") {
      throw new PolledAfterCompletionError(
        // Stryker disable next-line ConditionalExpression,EqualityOperator: only the message's wording differs
        this.#state === "done" ? this.#what : `a cancelled ${this.#what}`,
      );
    }
    let polled: Poll<T>;
    try {
      polled = this.#step(cx, this);
    } catch (error) {
      this.#end("done");
      throw error;
    }
    if (polled.ready) this.#end("done");
    return polled;
  }

  cancel(): void {
    if (this.#state === "waiting") this.#end("cancelled");
  }

  [Symbol.dispose](): void {
    this.cancel();
  }

  #end(state: "done" | "cancelled"): void {
    this.#state = state;
    this.#leave(this);
  }
}

/** A connected byte stream whose reads and writes are futures. */
export class TcpStream implements Disposable {
  #reactor: Reactor;
  #conn: Connection;
  #highWaterMark: number;
  // Reading: one chunk in flight at a time; what arrived and is not yet read.
  #chunk = new Uint8Array(READ_CHUNK);
  #unread: Uint8Array | undefined;
  #read: Watch | undefined;
  // The read in flight was left behind by the last reader: detached and unref'd.
  #readLeft = false;
  #ended = false;
  #readError: unknown;
  #readers = new Waiters();
  // Writing: bytes accepted but not yet written, oldest first.
  #queue: Uint8Array[] = [];
  #queued = 0;
  #writing = false;
  #writeError: unknown;
  #writers = new Waiters();
  #flushers = new Waiters();
  #closed = false;

  /**
   * @param reactor watches this stream's operations.
   * @param conn the connection, usually a `Deno.Conn`.
   * @param options the high-water mark.
   */
  constructor(reactor: Reactor, conn: Connection, options: StreamOptions = {}) {
    this.#reactor = reactor;
    this.#conn = conn;
    this.#highWaterMark = options.highWaterMark ?? 64 * 1024;
  }

  /** How many accepted bytes have not been written to the connection yet. */
  get queuedBytes(): number {
    return this.#queued;
  }

  /**
   * A future that reads into `buffer` and answers with the byte count, or `null` at
   * end of stream. Pending while nothing has arrived. Cancelling it loses nothing:
   * the read Deno has started cannot be recalled, so its bytes wait for the next read.
   */
  read(buffer: Uint8Array): CancellableFuture<number | null> {
    return new Waiting(
      "read()",
      (cx, self) => this.#pollRead(cx, self, buffer),
      (self) => this.#leaveRead(self),
    );
  }

  /**
   * A future that accepts `bytes` for sending and answers with their count. Pending
   * while `highWaterMark` bytes or more are still waiting to be written. Cancelled
   * while pending, none of its bytes are sent.
   */
  write(bytes: Uint8Array): CancellableFuture<number> {
    return new Waiting(
      "write()",
      (cx, self) => this.#pollWrite(cx, self, bytes),
      (self) => this.#writers.remove(self),
    );
  }

  /** A future that is ready once every accepted byte has been written. */
  flush(): CancellableFuture<void> {
    return new Waiting(
      "flush()",
      (cx, self) => {
        if (this.#writeError !== undefined) throw this.#writeError;
        if (this.#queued === 0) return ready(undefined);
        if (this.#closed) throw new ClosedError("the stream");
        this.#flushers.add(self, cx.waker);
        return PENDING;
      },
      (self) => this.#flushers.remove(self),
    );
  }

  /**
   * Close the connection; operations in flight end, and every waiting future is
   * woken to throw a `ClosedError`. Closing twice does nothing.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // A read left behind by a cancelled reader ends now: let Deno deliver that end.
    if (this.#readLeft) this.#conn.ref?.();
    this.#conn.close();
    this.#readers.wakeAll();
    this.#writers.wakeAll();
    this.#flushers.wakeAll();
  }

  /** Close, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  #pollRead(
    cx: Context,
    self: object,
    buffer: Uint8Array,
  ): Poll<number | null> {
    if (this.#closed) throw new ClosedError("the stream");
    // Nothing fits in an empty buffer, so there is nothing to wait for.
    if (buffer.length === 0) return ready(0);
    const unread = this.#unread;
    if (unread !== undefined) {
      const n = Math.min(unread.length, buffer.length);
      buffer.set(unread.subarray(0, n));
      this.#unread = n < unread.length ? unread.subarray(n) : undefined;
      return ready(n);
    }
    if (this.#readError !== undefined) throw this.#readError;
    if (this.#ended) return ready(null);
    // Nothing yet: register interest, and make sure a read is in flight.
    this.#readers.add(self, cx.waker);
    if (this.#read === undefined) {
      this.#read = this.#reactor.watch(
        this.#conn.read(this.#chunk),
        (outcome) => this.#readDone(outcome),
      );
    } else if (this.#readLeft) {
      // A read left behind by a cancelled reader: someone waits for it again.
      this.#readLeft = false;
      this.#read.attach();
      this.#conn.ref?.();
    }
    return PENDING;
  }

  #leaveRead(self: object): void {
    this.#readers.remove(self);
    if (this.#readers.size > 0 || this.#read === undefined) return;
    // The last reader left. Deno's read stays in flight (its bytes will wait in
    // #unread), but nothing waits for it: neither the loop nor the process.
    this.#readLeft = true;
    this.#read.detach();
    this.#conn.unref?.();
  }

  #readDone(outcome: Outcome<number | null>): void {
    this.#read = undefined;
    this.#readLeft = false;
    if (!outcome.ok) this.#readError = outcome.error;
    else if (outcome.value === null) this.#ended = true;
    else this.#unread = this.#chunk.subarray(0, outcome.value);
    this.#readers.wakeAll();
  }

  #pollWrite(cx: Context, self: object, bytes: Uint8Array): Poll<number> {
    if (this.#writeError !== undefined) throw this.#writeError;
    if (this.#closed) throw new ClosedError("the stream");
    if (bytes.length === 0) return ready(0);
    if (this.#queued >= this.#highWaterMark) {
      this.#writers.add(self, cx.waker);
      return PENDING;
    }
    // Copy: the caller may reuse its buffer as soon as this future is ready.
    this.#queue.push(bytes.slice());
    this.#queued += bytes.length;
    if (!this.#writing) this.#writeNext();
    return ready(bytes.length);
  }

  #writeNext(): void {
    this.#writing = true;
    this.#reactor.watch(
      this.#conn.write(this.#queue[0]),
      (outcome) => this.#writeDone(outcome),
    );
  }

  #writeDone(outcome: Outcome<number>): void {
    this.#writing = false;
    if (!outcome.ok) {
      this.#writeError = outcome.error;
    } else {
      const head = this.#queue[0];
      const n = outcome.value;
      if (n < head.length) this.#queue[0] = head.subarray(n);
      else this.#queue.shift();
      this.#queued -= n;
      if (this.#queue.length > 0 && !this.#closed) this.#writeNext();
    }
    const failed = this.#writeError !== undefined;
    if (failed || this.#queued < this.#highWaterMark) this.#writers.wakeAll();
    if (failed || this.#queued === 0) this.#flushers.wakeAll();
  }
}

/** A listening socket whose `accept` is a future. */
export class TcpListener implements Disposable {
  #reactor: Reactor;
  #listener: Acceptor;
  #port: number;
  // Connections accepted while nobody waited: kept for the next accept.
  #accepted: Connection[] = [];
  #error: unknown;
  #accept: Watch | undefined;
  // The accept in flight was left behind by the last accepter: detached and unref'd.
  #acceptLeft = false;
  #accepters = new Waiters();
  #closed = false;

  /**
   * @param reactor watches the accepts.
   * @param listener from `Deno.listen`, or any {@linkcode Acceptor}.
   * @param port the port it listens on.
   */
  constructor(reactor: Reactor, listener: Acceptor, port: number) {
    this.#reactor = reactor;
    this.#listener = listener;
    this.#port = port;
  }

  /** The port it listens on (useful after listening on port 0). */
  get port(): number {
    return this.#port;
  }

  /**
   * A future of the next connection. Several tasks may accept at once; each gets
   * its own connection. Cancelled, it loses nothing: a connection that arrives
   * afterwards waits for the next accept.
   */
  accept(): CancellableFuture<TcpStream> {
    return new Waiting(
      "accept()",
      (cx, self) => this.#pollAccept(cx, self),
      (self) => this.#leaveAccept(self),
    );
  }

  /**
   * Stop listening, close the connections accepted but never handed out, and wake
   * every accept waiting so that it throws a `ClosedError`. Closing twice does nothing.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // An accept left behind by a cancelled accepter ends now: let Deno deliver that end.
    if (this.#acceptLeft) this.#listener.ref?.();
    this.#listener.close();
    for (const conn of this.#accepted.splice(0)) conn.close();
    this.#accepters.wakeAll();
  }

  /** Close, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  #pollAccept(cx: Context, self: object): Poll<TcpStream> {
    if (this.#closed) throw new ClosedError("the listener");
    const conn = this.#accepted.shift();
    if (conn !== undefined) return ready(new TcpStream(this.#reactor, conn));
    if (this.#error !== undefined) throw this.#error;
    this.#accepters.add(self, cx.waker);
    if (this.#accept === undefined) {
      this.#accept = this.#reactor.watch(
        this.#listener.accept(),
        (outcome) => this.#acceptDone(outcome),
      );
    } else if (this.#acceptLeft) {
      this.#acceptLeft = false;
      this.#accept.attach();
      this.#listener.ref?.();
    }
    return PENDING;
  }

  #leaveAccept(self: object): void {
    this.#accepters.remove(self);
    if (this.#accepters.size > 0 || this.#accept === undefined) return;
    this.#acceptLeft = true;
    this.#accept.detach();
    this.#listener.unref?.();
  }

  #acceptDone(outcome: Outcome<Connection>): void {
    this.#accept = undefined;
    this.#acceptLeft = false;
    if (!outcome.ok) this.#error = outcome.error;
    else if (this.#closed) outcome.value.close();
    else this.#accepted.push(outcome.value);
    this.#accepters.wakeAll();
  }
}

/** Where to listen or connect. */
export interface Address {
  /** 127.0.0.1 by default. */
  readonly hostname?: string;
  /** 0 asks the system for a free port. */
  readonly port: number;
}

/** Listen for TCP connections; `port: 0` picks a free port. */
export function listen(reactor: Reactor, address: Address): TcpListener {
  const listener = Deno.listen({
    hostname: address.hostname ?? "127.0.0.1",
    port: address.port,
  });
  return new TcpListener(reactor, listener, listener.addr.port);
}

/** How {@linkcode connect} opens a connection: `Deno.connect` unless a test says otherwise. */
export type Dial = (
  options: { hostname: string; port: number; signal: AbortSignal },
) => Promise<Connection>;

/**
 * A future of a connection to `address`. Cancelled before it is ready, it aborts the
 * attempt, and a connection that is made all the same is closed at once.
 */
export function connect(
  reactor: Reactor,
  address: Address,
  dial: Dial = Deno.connect,
): CancellableFuture<TcpStream> {
  const abort = new AbortController();
  let outcome: Outcome<Connection> | undefined;
  let watch: Watch | undefined;
  let waker: Context["waker"] | undefined;
  let cancelled = false;
  return new Waiting(
    "connect()",
    (cx) => {
      if (outcome !== undefined) {
        if (!outcome.ok) throw outcome.error;
        return ready(new TcpStream(reactor, outcome.value));
      }
      waker = cx.waker;
      watch ??= reactor.watch(
        dial({
          hostname: address.hostname ?? "127.0.0.1",
          port: address.port,
          signal: abort.signal,
        }),
        (settled) => {
          // Nobody will ever take this connection: close it, or it leaks.
          if (cancelled) {
            if (settled.ok) settled.value.close();
            return;
          }
          outcome = settled;
          waker?.wake();
        },
      );
      return PENDING;
    },
    () => {
      waker = undefined;
      if (outcome !== undefined || watch === undefined) return;
      cancelled = true;
      watch.detach();
      abort.abort();
    },
  );
}
