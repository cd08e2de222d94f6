import assert from "node:assert/strict";
import {
  all,
  countingContext,
  drainMicrotasks,
  seededRandom,
  timeLimit,
} from "../_support/testing.ts";
import { andThen, join } from "../01-futures/combinators.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { echoConnection, echoRequest, serveEcho } from "./echo.ts";
import { ClosedError, PolledAfterCompletionError } from "../contract/errors.ts";
import { Reactor } from "./reactor.ts";
import { connect, type Connection, listen, TcpStream } from "./tcp.ts";

/**
 * `length` pseudo-random bytes, different for each client, that never repeat with a
 * short period: two swapped 16 KiB chunks (the server's buffer) would show. A
 * pattern that repeats every 256 bytes would hide them.
 */
function messageFor(client: number, length: number): Uint8Array {
  const random = seededRandom(client + 1);
  const message = new Uint8Array(length);
  for (let i = 0; i < length; i++) message[i] = Math.floor(random() * 256);
  return message;
}

/**
 * Start an echo server for `clients` connections, connect that many clients, each
 * sending its own message, and return what each got back and what the server echoed.
 */
async function echoWith(
  clients: number,
  length: number,
): Promise<{ replies: Uint8Array[]; echoed: number }> {
  const reactor = new Reactor();
  const loop = new EventLoop({ io: reactor });
  const listener = listen(reactor, { port: 0 });
  const server = loop.spawn(
    serveEcho(listener, (future) => loop.spawn(future), clients),
  );
  const requests = Array.from(
    { length: clients },
    (_, client) =>
      andThen(
        connect(reactor, { port: listener.port }),
        (stream) => echoRequest(stream, messageFor(client, length)),
      ),
  );
  const [replies, echoed] = await loop.run(join(all(requests), server));
  return { replies, echoed };
}

Deno.test(
  "the echo server sends one client back exactly the bytes it sent",
  timeLimit,
  async () => {
    const { replies, echoed } = await echoWith(1, 64);
    assert.deepEqual(replies, [messageFor(0, 64)]);
    assert.equal(echoed, 64);
  },
);

Deno.test(
  "100 clients at once each get their own 64 bytes back, in order",
  timeLimit,
  async () => {
    const { replies, echoed } = await echoWith(100, 64);
    replies.forEach((reply, client) =>
      assert.deepEqual(
        reply,
        messageFor(client, 64),
        `client ${client} got someone else's bytes`,
      )
    );
    assert.equal(echoed, 100 * 64, "the server counts every byte it echoed");
  },
);

Deno.test(
  "a 4 MiB message comes back whole and in order, through backpressure",
  timeLimit,
  async () => {
    const size = 4 * 1024 * 1024;
    const { replies } = await echoWith(1, size);
    assert.equal(replies[0].length, size);
    const sent = messageFor(0, size);
    assert.ok(
      replies[0].every((byte, i) => byte === sent[i]),
      "every byte must come back in the order it was sent",
    );
  },
);

/** A connection that never answers, and notes whether it was closed. */
class SilentConnection implements Connection {
  closed = false;
  read(): Promise<number | null> {
    return new Promise(() => {});
  }
  write(): Promise<number> {
    return new Promise(() => {});
  }
  close(): void {
    this.closed = true;
  }
}

Deno.test(
  "cancelling an echo connection closes its stream, and leaves no read counted in flight",
  timeLimit,
  () => {
    const reactor = new Reactor();
    const conn = new SilentConnection();
    const serving = echoConnection(new TcpStream(reactor, conn));
    assert.equal(serving.poll(countingContext()).ready, false);
    serving.cancel();
    assert.equal(conn.closed, true, "the connection it owns must be closed");
    assert.equal(reactor.inFlight, 0, "its read is no longer waited for");
  },
);

Deno.test(
  "cancelling an echo request closes its stream",
  timeLimit,
  () => {
    const conn = new SilentConnection();
    const request = echoRequest(
      new TcpStream(new Reactor(), conn),
      new Uint8Array(8),
    );
    assert.equal(request.poll(countingContext()).ready, false);
    request.cancel();
    assert.equal(conn.closed, true);
  },
);

Deno.test(
  "cancelling the server closes its listener: a later accept throws ClosedError",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const loop = new EventLoop({ io: reactor });
    const listener = listen(reactor, { port: 0 });
    const server = serveEcho(listener, (future) => loop.spawn(future), 1);
    assert.equal(server.poll(countingContext()).ready, false);
    server.cancel();
    assert.throws(
      () => listener.accept().poll(countingContext()),
      ClosedError,
    );
    assert.equal(reactor.inFlight, 0);
    await drainMicrotasks(); // the accept Deno had started ends with the close
  },
);

/** A connection whose reads the test answers, and whose writes go out at once. */
class ScriptedConnection implements Connection {
  reads: ((bytes: number[] | null) => void)[] = [];
  written: number[] = [];
  writes: (() => void)[] = [];
  closes = 0;
  /** Hold writes until the test lets them go. */
  holdWrites = false;
  read(buffer: Uint8Array): Promise<number | null> {
    return new Promise((resolve) =>
      this.reads.push((bytes) => {
        if (bytes === null) return resolve(null);
        buffer.set(bytes);
        resolve(bytes.length);
      })
    );
  }
  write(bytes: Uint8Array): Promise<number> {
    return new Promise((resolve) => {
      const go = () => {
        this.written.push(...bytes);
        resolve(bytes.length);
      };
      if (this.holdWrites) this.writes.push(go);
      else go();
    });
  }
  close(): void {
    this.closes++;
  }
  /** Answer the read in flight. */
  answer(bytes: number[] | null): void {
    const read = this.reads.shift();
    assert.ok(read !== undefined, "a read should be in flight");
    read(bytes);
  }
}

Deno.test(
  "an echo request that answered is finished: a poll throws, a cancel closes nothing more",
  timeLimit,
  async () => {
    const conn = new ScriptedConnection();
    const reactor = new Reactor();
    const request = echoRequest(
      new TcpStream(reactor, conn),
      new Uint8Array([1, 2]),
    );
    const cx = countingContext();
    assert.equal(request.poll(cx).ready, false);
    await drainMicrotasks(); // the request's write goes out
    conn.answer([1, 2]);
    await drainMicrotasks();
    assert.deepEqual(request.poll(cx), {
      ready: true,
      value: new Uint8Array([1, 2]),
    });
    assert.equal(conn.closes, 1, "the client closes its stream once answered");
    assert.throws(() => request.poll(cx), PolledAfterCompletionError);
    request.cancel();
    request[Symbol.dispose]();
    assert.equal(conn.closes, 1);
  },
);

Deno.test(
  "at the end of the stream, the echo connection answers only once its writes have gone out",
  timeLimit,
  async () => {
    const conn = new ScriptedConnection();
    conn.holdWrites = true;
    const serving = echoConnection(new TcpStream(new Reactor(), conn));
    const cx = countingContext();
    serving.poll(cx);
    conn.answer([7, 8, 9]);
    await drainMicrotasks();
    assert.equal(serving.poll(cx).ready, false);
    conn.answer(null);
    await drainMicrotasks();
    assert.equal(
      serving.poll(cx).ready,
      false,
      "3 bytes still wait to be written: closing now would lose them",
    );
    assert.equal(conn.closes, 0);
    conn.writes.shift()?.();
    await drainMicrotasks();
    assert.deepEqual(serving.poll(cx), { ready: true, value: 3 });
    assert.deepEqual(conn.written, [7, 8, 9]);
    assert.equal(conn.closes, 1);
  },
);

Deno.test(
  "disposing an echo connection closes it; cancelling an echo request leaves no read waited for",
  timeLimit,
  async () => {
    const conn = new ScriptedConnection();
    {
      using serving = echoConnection(new TcpStream(new Reactor(), conn));
      serving.poll(countingContext());
    }
    assert.equal(conn.closes, 1);
    const reactor = new Reactor();
    const request = echoRequest(
      new TcpStream(reactor, new ScriptedConnection()),
      new Uint8Array(4),
    );
    request.poll(countingContext());
    await drainMicrotasks(); // the request's write goes out
    request.poll(countingContext());
    assert.equal(reactor.inFlight, 1, "its read is in flight");
    request.cancel();
    assert.equal(
      reactor.inFlight,
      0,
      "the read it was waiting for is cancelled too",
    );
  },
);
