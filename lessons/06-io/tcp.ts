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

import type { Context, Poll } from "../01-futures/future.ts";
import type { Reactor, Watch } from "./reactor.ts";
import { type Outcome } from "../contract/outcome.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
import { Waiters } from "./waiters.ts";
// You will want these too: PENDING and ready from lesson 01, and ClosedError from
// "../contract/errors.ts".

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
 * once it is ready, failed or cancelled. Given: every future of this module is one.
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
        // TODO: throw a write error; ready when nothing is queued; a ClosedError if
        // closed; else wait among the flushers.
        void cx, self;
        throw new Error("not implemented: TcpStream.flush");
      },
      (self) => this.#flushers.remove(self),
    );
  }

  /**
   * Close the connection; operations in flight end, and every waiting future is
   * woken to throw a `ClosedError`. Closing twice does nothing.
   */
  close(): void {
    // TODO: once only: close the connection, then wake every waiting reader, writer
    // and flusher, so that each sees the close.
    throw new Error("not implemented: TcpStream.close");
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
    // TODO: a ClosedError if closed; answer from #unread if anything is there (copy
    // what fits into buffer); else throw a read error, or answer null at the end;
    // else wait among the readers and make sure a read is in flight: start one, or,
    // if a cancelled reader left one behind, attach it again (and ref the connection).
    void cx, self, buffer;
    throw new Error("not implemented: TcpStream read");
  }

  #leaveRead(self: object): void {
    // TODO: leave the readers; if none is left and a read is in flight, nobody waits
    // for it: detach it, and unref the connection.
    void self;
    throw new Error("not implemented: TcpStream read leave");
  }

  #readDone(outcome: Outcome<number | null>): void {
    // TODO: no read in flight any more; record the error, the end, or the bytes
    // (a view of #chunk); wake every reader.
    void outcome;
    throw new Error("not implemented: TcpStream read completion");
  }

  #pollWrite(cx: Context, self: object, bytes: Uint8Array): Poll<number> {
    // TODO: throw a write error, or a ClosedError if closed; wait among the writers
    // at the high-water mark; else queue a copy of the bytes, start writing if no
    // write is in flight, ready.
    void cx, self, bytes;
    throw new Error("not implemented: TcpStream write");
  }

  #writeNext(): void {
    throw new Error("not implemented: TcpStream.#writeNext");
  }

  #writeDone(outcome: Outcome<number>): void {
    // TODO: drop the bytes written from the queue (a short write leaves the rest of
    // the first chunk), write the next chunk if any (unless closed), then wake the
    // writers if there is room again and the flushers if the queue is empty (both,
    // on an error).
    void outcome;
    throw new Error("not implemented: TcpStream write completion");
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
    // TODO: once only: close the listener and the connections accepted but never
    // handed out, and wake every waiting accept so that it sees the close.
    throw new Error("not implemented: TcpListener.close");
  }

  /** Close, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  #pollAccept(cx: Context, self: object): Poll<TcpStream> {
    // TODO: a ClosedError if closed; a connection kept for the next accept, as a
    // TcpStream; the accept's error; else wait among the accepters and make sure an
    // accept is in flight (start one, or attach and ref one left behind).
    void cx, self;
    throw new Error("not implemented: TcpListener accept");
  }

  #leaveAccept(self: object): void {
    // TODO: as #leaveRead, for accepters: the last one gone, detach and unref.
    void self;
    throw new Error("not implemented: TcpListener accept leave");
  }

  #acceptDone(outcome: Outcome<Connection>): void {
    // TODO: no accept in flight; keep the error, or the connection for the next
    // accept (close it at once if the listener is closed); wake every accepter.
    void outcome;
    throw new Error("not implemented: TcpListener accept completion");
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
  // TODO: a Waiting future. Its step: answer the connection (as a TcpStream) or
  // throw its error once it has come; else keep the waker and, on the first poll,
  // dial with an AbortSignal and watch the attempt. Its leave, if the attempt is
  // still in flight: detach it, abort it, and make sure a connection that comes all
  // the same is closed at once.
  void reactor, address, dial;
  throw new Error("not implemented: connect");
}
