/**
 * An echo server and its client, written as hand-made futures on the runtime: each
 * is a small state machine that loops while its IO is ready and returns pending,
 * holding its place, when it is not. Each owns its stream (or listener): cancelling
 * it cancels the operation in progress and closes what it owns.
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "../../lessons/01-futures/future.ts";
import type { JoinHandle } from "../../lessons/03-executor/task.ts";
import type { TcpListener, TcpStream } from "./tcp.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";

/**
 * A future from a `step` run on each poll, that ends (closing what it owns through
 * `release`) when `step` answers, throws, or the future is cancelled.
 */
function owning<T>(
  what: string,
  step: (cx: Context) => Poll<T>,
  release: () => void,
): CancellableFuture<T> {
  let ended = false;
  const end = () => {
    ended = true;
    release();
  };
  return {
    poll(cx: Context): Poll<T> {
      if (ended) throw new PolledAfterCompletionError(what);
      try {
        const polled = step(cx);
        if (polled.ready) end();
        return polled;
      } catch (error) {
        end();
        throw error;
      }
    },
    cancel(): void {
      if (!ended) end();
    },
    [Symbol.dispose](): void {
      this.cancel();
    },
  };
}

/**
 * Serve one connection: write back every byte read, until the peer ends the stream;
 * then flush, close, and answer with the number of bytes echoed.
 */
export function echoConnection(stream: TcpStream): CancellableFuture<number> {
  const buffer = new Uint8Array(16 * 1024);
  let reading: Future<number | null> | undefined;
  let writing: Future<number> | undefined;
  let flushing: Future<void> | undefined;
  let echoed = 0;
  return owning("echoConnection()", (cx) => {
    for (;;) {
      if (flushing !== undefined) {
        if (!flushing.poll(cx).ready) return PENDING;
        flushing = undefined;
        return ready(echoed);
      }
      if (writing !== undefined) {
        if (!writing.poll(cx).ready) return PENDING;
        writing = undefined;
      }
      reading ??= stream.read(buffer);
      const read = reading.poll(cx);
      if (!read.ready) return PENDING;
      reading = undefined;
      if (read.value === null) {
        flushing = stream.flush();
      } else {
        echoed += read.value;
        writing = stream.write(buffer.subarray(0, read.value));
      }
    }
  }, () => {
    const inProgress: (Future<unknown> | undefined)[] = [
      reading,
      writing,
      flushing,
    ];
    for (const future of inProgress) if (future !== undefined) cancel(future);
    stream.close();
  });
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
  const served: JoinHandle<number>[] = [];
  let accepting: Future<TcpStream> | undefined;
  let joined = 0;
  let echoed = 0;
  return owning("serveEcho()", (cx) => {
    while (served.length < connections) {
      accepting ??= listener.accept();
      const accepted = accepting.poll(cx);
      if (!accepted.ready) return PENDING;
      accepting = undefined;
      served.push(spawn(echoConnection(accepted.value)));
      if (served.length === connections) listener.close();
    }
    while (joined < served.length) {
      const finished = served[joined].poll(cx);
      if (!finished.ready) return PENDING;
      echoed += finished.value;
      joined++;
    }
    return ready(echoed);
  }, () => {
    if (accepting !== undefined) cancel(accepting);
    listener.close();
  });
}

/**
 * The client side: send `message`, read until as many bytes have come back, close,
 * and answer with what came back.
 */
export function echoRequest(
  stream: TcpStream,
  message: Uint8Array,
): CancellableFuture<Uint8Array> {
  const received = new Uint8Array(message.length);
  let got = 0;
  let sending: Future<number> | undefined = stream.write(message);
  let reading: Future<number | null> | undefined;
  return owning("echoRequest()", (cx) => {
    if (sending !== undefined) {
      if (!sending.poll(cx).ready) return PENDING;
      sending = undefined;
    }
    while (got < message.length) {
      reading ??= stream.read(received.subarray(got));
      const read = reading.poll(cx);
      if (!read.ready) return PENDING;
      reading = undefined;
      if (read.value === null) {
        throw new Error(
          `the server closed the connection after ${got} of ${message.length} bytes`,
        );
      }
      got += read.value;
    }
    return ready(received);
  }, () => {
    const inProgress: (Future<unknown> | undefined)[] = [sending, reading];
    for (const future of inProgress) if (future !== undefined) cancel(future);
    stream.close();
  });
}
