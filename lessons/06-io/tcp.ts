/**
 * TCP as futures. A {@linkcode TcpStream} keeps at most one read and one write in
 * flight at Deno, through the reactor; its futures answer from what has arrived and
 * wait (keeping the task's waker) when nothing has. Writes are buffered up to a
 * high-water mark, and past it `write` is pending until the peer has taken enough
 * bytes: backpressure.
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../01-futures/future.ts";
import type { Reactor } from "./reactor.ts";
import { type Outcome } from "../contract/outcome.ts";

/** The part of `Deno.Conn` a stream uses; tests can supply their own. */
export interface Connection {
  /** Read into `buffer`; resolves with the byte count, or `null` at end of stream. */
  read(buffer: Uint8Array): Promise<number | null>;
  /** Write some of `bytes`; resolves with how many were written. */
  write(bytes: Uint8Array): Promise<number>;
  /** Release the connection. */
  close(): void;
}

/** How to tune a {@linkcode TcpStream}. */
export interface StreamOptions {
  /** Bytes that may wait to be sent before `write` is pending. 64 KiB by default. */
  readonly highWaterMark?: number;
}

const READ_CHUNK = 64 * 1024;

/** A connected byte stream whose reads and writes are futures. */
export class TcpStream implements Disposable {
  #reactor: Reactor;
  #conn: Connection;
  #highWaterMark: number;
  // Reading: one chunk in flight at a time; what arrived and is not yet read.
  #chunk = new Uint8Array(READ_CHUNK);
  #unread: Uint8Array | undefined;
  #reading = false;
  #ended = false;
  #readError: unknown;
  #reader: Waker | undefined;
  // Writing: bytes accepted but not yet written, oldest first.
  #queue: Uint8Array[] = [];
  #queued = 0;
  #writing = false;
  #writeError: unknown;
  #writer: Waker | undefined;
  #flusher: Waker | undefined;
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
   * end of stream. Pending while nothing has arrived.
   */
  read(buffer: Uint8Array): Future<number | null> {
    return { poll: (cx) => this.#pollRead(cx, buffer) };
  }

  /**
   * A future that accepts `bytes` for sending and answers with their count. Pending
   * while `highWaterMark` bytes or more are still waiting to be written.
   */
  write(bytes: Uint8Array): Future<number> {
    return { poll: (cx) => this.#pollWrite(cx, bytes) };
  }

  /** A future that is ready once every accepted byte has been written. */
  flush(): Future<void> {
    return {
      poll: (cx: Context): Poll<void> => {
        void cx;
        throw new Error("not implemented: TcpStream.flush");
      },
    };
  }

  /** Close the connection. Operations in flight end with an error. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#conn.close();
  }

  /** Close, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  #pollRead(cx: Context, buffer: Uint8Array): Poll<number | null> {
    // TODO: answer from #unread if anything is there (copy what fits into buffer);
    // else throw a read error, or answer null at the end; else keep the waker and,
    // unless a read is in flight already, start conn.read(#chunk) through the reactor.
    void cx, buffer;
    throw new Error("not implemented: TcpStream read");
  }

  #readDone(outcome: Outcome<number | null>): void {
    // TODO: no read in flight any more; record the error, the end, or the bytes
    // (a view of #chunk); wake the reader and forget its waker.
    void outcome;
    throw new Error("not implemented: TcpStream read completion");
  }

  #pollWrite(cx: Context, bytes: Uint8Array): Poll<number> {
    // TODO: throw a write error; pending (keeping the waker) at the high-water mark;
    // else queue a copy of the bytes, start writing if no write is in flight, ready.
    void cx, bytes;
    throw new Error("not implemented: TcpStream write");
  }

  #writeNext(): void {
    throw new Error("not implemented: TcpStream.#writeNext");
  }

  #writeDone(outcome: Outcome<number>): void {
    // TODO: drop the bytes written from the queue (a short write leaves the rest of
    // the first chunk), write the next chunk if any, then wake the writer if there
    // is room again and the flusher if the queue is empty (both, on an error).
    void outcome;
    throw new Error("not implemented: TcpStream write completion");
  }
}

/** A listening socket whose `accept` is a future. */
export class TcpListener implements Disposable {
  #reactor: Reactor;
  #listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  #accepted: Deno.TcpConn | undefined;
  #error: unknown;
  #accepting = false;
  #waiter: Waker | undefined;

  /** @param reactor watches the accepts; @param listener from `Deno.listen`. */
  constructor(
    reactor: Reactor,
    listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>,
  ) {
    this.#reactor = reactor;
    this.#listener = listener;
  }

  /** The port it listens on (useful after listening on port 0). */
  get port(): number {
    return this.#listener.addr.port;
  }

  /** A future of the next connection. */
  accept(): Future<TcpStream> {
    return {
      poll: (cx: Context): Poll<TcpStream> => {
        const conn = this.#accepted;
        if (conn !== undefined) {
          this.#accepted = undefined;
          return ready(new TcpStream(this.#reactor, conn));
        }
        if (this.#error !== undefined) throw this.#error;
        this.#waiter = cx.waker;
        if (!this.#accepting) {
          this.#accepting = true;
          this.#reactor.watch(this.#listener.accept(), (outcome) => {
            this.#accepting = false;
            if (outcome.ok) this.#accepted = outcome.value;
            else this.#error = outcome.error;
            const waiter = this.#waiter;
            this.#waiter = undefined;
            waiter?.wake();
          });
        }
        return PENDING;
      },
    };
  }

  /** Stop listening. */
  close(): void {
    this.#listener.close();
  }

  /** Close, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.close();
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
  return new TcpListener(reactor, listener);
}

/** A future of a connection to `address`. */
export function connect(reactor: Reactor, address: Address): Future<TcpStream> {
  let conn: Deno.TcpConn | undefined;
  let error: unknown;
  let started = false;
  let waiter: Waker | undefined;
  return {
    poll(cx: Context): Poll<TcpStream> {
      if (conn !== undefined) return ready(new TcpStream(reactor, conn));
      if (error !== undefined) throw error;
      waiter = cx.waker;
      if (!started) {
        started = true;
        const connecting = Deno.connect({
          hostname: address.hostname ?? "127.0.0.1",
          port: address.port,
        });
        reactor.watch(connecting, (outcome) => {
          if (outcome.ok) conn = outcome.value;
          else error = outcome.error;
          waiter?.wake();
        });
      }
      return PENDING;
    },
  };
}
