/**
 * An echo server and its client, written as hand-made futures on the runtime: each
 * is a small state machine that loops while its IO is ready and returns pending,
 * holding its place, when it is not. Each owns its stream (or listener): cancelling
 * it cancels the operation in progress and closes what it owns.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
// You will want these too: Context, PENDING, Poll and ready, cancel() from
// "../contract/cancel.ts", and PolledAfterCompletionError from "../contract/errors.ts".
import type { JoinHandle } from "../03-executor/task.ts";
import type { TcpListener, TcpStream } from "./tcp.ts";

/**
 * Serve one connection: write back every byte read, until the peer ends the stream;
 * then flush, close, and answer with the number of bytes echoed.
 */
export function echoConnection(stream: TcpStream): CancellableFuture<number> {
  // TODO: a state machine with a 16 KiB buffer and, at most one at a time, a read,
  // a write or a flush in progress. Loop: finish the write in progress; read; at the
  // end (null), flush, close and answer the count; else write what was read.
  // Ready, failed or cancelled: cancel what is in progress and close the stream; a
  // poll after that throws PolledAfterCompletionError.
  void stream;
  throw new Error("not implemented: echoConnection");
}

/**
 * Accept `connections` connections, serve each with {@linkcode echoConnection} as a
 * task of its own (through `spawn`), and answer with the bytes echoed on all of
 * them once every one has ended. Closes the listener when it has accepted them all,
 * or when it is cancelled.
 */
export function serveEcho(
  listener: TcpListener,
  spawn: (connection: Future<number>) => JoinHandle<number>,
  connections: number,
): CancellableFuture<number> {
  // TODO: accept until `connections` are served, spawning echoConnection for each
  // (close the listener after the last); then join every handle, adding up bytes.
  // Cancelled: cancel the accept in progress and close the listener.
  void listener, spawn, connections;
  throw new Error("not implemented: serveEcho");
}

/**
 * The client side: send `message`, read until as many bytes have come back, close,
 * and answer with what came back.
 */
export function echoRequest(
  stream: TcpStream,
  message: Uint8Array,
): CancellableFuture<Uint8Array> {
  // TODO: write the message; then read into what is left of a buffer of the same
  // length until it is full (null before that is an error); close; answer it.
  // Failed or cancelled: cancel what is in progress and close the stream.
  void stream, message;
  throw new Error("not implemented: echoRequest");
}
