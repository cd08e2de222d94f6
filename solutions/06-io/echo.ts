/**
 * An echo server and its client, written as hand-made futures on the runtime: each
 * is a small state machine that loops while its IO is ready and returns pending,
 * holding its place, when it is not.
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

/**
 * Serve one connection: write back every byte read, until the peer ends the stream;
 * then flush, close, and answer with the number of bytes echoed.
 */
export function echoConnection(stream: TcpStream): Future<number> {
  const buffer = new Uint8Array(16 * 1024);
  let reading: Future<number | null> | undefined;
  let writing: Future<number> | undefined;
  let flushing: Future<void> | undefined;
  let echoed = 0;
  let done = false;
  return {
    poll(cx: Context): Poll<number> {
      if (done) throw new PolledAfterCompletionError("echoConnection()");
      try {
        for (;;) {
          if (flushing !== undefined) {
            if (!flushing.poll(cx).ready) return PENDING;
            done = true;
            stream.close();
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
      } catch (error) {
        done = true;
        stream.close();
        throw error;
      }
    },
  };
}

/**
 * Accept `connections` connections, serve each with {@linkcode echoConnection} as a
 * task of its own (through `spawn`), and answer with the bytes echoed on all of
 * them once every one has ended. Closes the listener when it has accepted them all.
 */
export function serveEcho(
  listener: TcpListener,
  spawn: (connection: Future<number>) => JoinHandle<number>,
  connections: number,
): Future<number> {
  const served: JoinHandle<number>[] = [];
  let accepting: Future<TcpStream> | undefined;
  let joined = 0;
  let echoed = 0;
  return {
    poll(cx: Context): Poll<number> {
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
    },
  };
}

/**
 * The client side: send `message`, read until as many bytes have come back, close,
 * and answer with what came back.
 */
export function echoRequest(
  stream: TcpStream,
  message: Uint8Array,
): Future<Uint8Array> {
  const received = new Uint8Array(message.length);
  let got = 0;
  let sending: Future<number> | undefined = stream.write(message);
  let reading: Future<number | null> | undefined;
  return {
    poll(cx: Context): Poll<Uint8Array> {
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
          stream.close();
          throw new Error(
            `the server closed the connection after ${got} of ${message.length} bytes`,
          );
        }
        got += read.value;
      }
      stream.close();
      return ready(received);
    },
  };
}
