import assert from "node:assert/strict";
import {
  countingContext,
  drainMicrotasks,
  timeLimit,
} from "../_support/testing.ts";
import type { Context, Future, Poll } from "../01-futures/future.ts";
import { andThen, join } from "../01-futures/combinators.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { Reactor } from "./reactor.ts";
import { connect, type Connection, listen, TcpStream } from "./tcp.ts";

/** A connection the test drives: every read and write waits until the test settles it. */
class FakeConnection implements Connection {
  reads: { buffer: Uint8Array; settle: (n: number | null) => void }[] = [];
  writes: { bytes: Uint8Array; settle: (n: number) => void }[] = [];
  closed = false;

  read(buffer: Uint8Array): Promise<number | null> {
    return new Promise((settle) => this.reads.push({ buffer, settle }));
  }

  write(bytes: Uint8Array): Promise<number> {
    return new Promise((settle) =>
      this.writes.push({ bytes: bytes.slice(), settle })
    );
  }

  close(): void {
    this.closed = true;
  }

  /** Deliver `bytes` to the read in flight. */
  arrive(bytes: number[] | null): void {
    const read = this.reads.shift();
    assert.ok(read !== undefined, "the stream should have a read in flight");
    if (bytes === null) return read.settle(null);
    read.buffer.set(bytes);
    read.settle(bytes.length);
  }
}

const bytes = (...values: number[]) => new Uint8Array(values);

Deno.test(
  "write accepts bytes at once while fewer than the high-water mark wait",
  timeLimit,
  () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn, { highWaterMark: 10 });
    assert.deepEqual(stream.write(bytes(1, 2, 3, 4)).poll(countingContext()), {
      ready: true,
      value: 4,
    });
    assert.equal(stream.queuedBytes, 4);
    assert.equal(
      conn.writes.length,
      1,
      "the bytes go to the connection at once",
    );
  },
);

Deno.test(
  "write is pending at the high-water mark and woken once the peer takes the bytes",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn, { highWaterMark: 10 });
    const cx = countingContext();
    assert.equal(stream.write(new Uint8Array(10)).poll(cx).ready, true);
    const blocked = stream.write(bytes(7));
    assert.equal(
      blocked.poll(cx).ready,
      false,
      "10 bytes wait: no room until they go",
    );
    conn.writes[0].settle(10);
    await drainMicrotasks();
    assert.equal(cx.wakes, 1, "room again: wake the writer");
    assert.deepEqual(blocked.poll(cx), { ready: true, value: 1 });
  },
);

Deno.test(
  "written bytes go out in order, one write in flight at a time, the rest of a short write first",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const cx = countingContext();
    stream.write(bytes(1, 2, 3)).poll(cx);
    stream.write(bytes(4)).poll(cx);
    assert.equal(conn.writes.length, 1, "a second write waits for the first");
    const sent: number[] = [];
    conn.writes[0].settle(2);
    sent.push(...conn.writes[0].bytes.subarray(0, 2));
    await drainMicrotasks();
    for (let i = 1; i < conn.writes.length || stream.queuedBytes > 0; i++) {
      assert.ok(i < conn.writes.length, "every queued byte should be written");
      sent.push(...conn.writes[i].bytes);
      conn.writes[i].settle(conn.writes[i].bytes.length);
      await drainMicrotasks();
    }
    assert.deepEqual(sent, [1, 2, 3, 4]);
  },
);

Deno.test(
  "flush is ready once every accepted byte has been written",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const cx = countingContext();
    stream.write(bytes(9, 9)).poll(cx);
    const flushed = stream.flush();
    assert.equal(flushed.poll(cx).ready, false);
    conn.writes[0].settle(2);
    await drainMicrotasks();
    assert.equal(cx.wakes, 1);
    assert.equal(flushed.poll(cx).ready, true);
  },
);

Deno.test(
  "a read keeps one operation in flight however often it is polled",
  timeLimit,
  () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const read = stream.read(new Uint8Array(8));
    const cx = countingContext();
    assert.equal(read.poll(cx).ready, false);
    assert.equal(read.poll(cx).ready, false);
    assert.equal(conn.reads.length, 1);
  },
);

Deno.test(
  "arriving bytes wake only the task reading that stream",
  timeLimit,
  async () => {
    const connA = new FakeConnection();
    const connB = new FakeConnection();
    const reactor = new Reactor();
    const a = new TcpStream(reactor, connA);
    const b = new TcpStream(reactor, connB);
    const cxA = countingContext();
    const cxB = countingContext();
    const bufferA = new Uint8Array(8);
    const readA = a.read(bufferA);
    readA.poll(cxA);
    b.read(new Uint8Array(8)).poll(cxB);
    connA.arrive([5, 6, 7]);
    await drainMicrotasks();
    assert.deepEqual([cxA.wakes, cxB.wakes], [1, 0]);
    assert.deepEqual(readA.poll(cxA), { ready: true, value: 3 });
    assert.deepEqual([...bufferA.subarray(0, 3)], [5, 6, 7]);
  },
);

Deno.test(
  "bytes that do not fit the reader's buffer wait for its next read",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const cx = countingContext();
    const small = new Uint8Array(2);
    stream.read(small).poll(cx);
    conn.arrive([1, 2, 3, 4, 5]);
    await drainMicrotasks();
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const polled = stream.read(small).poll(cx);
      assert.ok(polled.ready && polled.value !== null, "bytes are waiting");
      seen.push(...small.subarray(0, polled.value));
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(
      conn.reads.length,
      0,
      "no new read until the buffered bytes are gone",
    );
  },
);

Deno.test("read answers null at the end of the stream", timeLimit, async () => {
  const conn = new FakeConnection();
  const stream = new TcpStream(new Reactor(), conn);
  const cx = countingContext();
  const read = stream.read(new Uint8Array(8));
  read.poll(cx);
  conn.arrive(null);
  await drainMicrotasks();
  assert.deepEqual(read.poll(cx), { ready: true, value: null });
});

/** A future that reads `stream` to its end and answers with every byte. */
function readToEnd(stream: TcpStream): Future<number[]> {
  const buffer = new Uint8Array(1024);
  const all: number[] = [];
  let reading: Future<number | null> | undefined;
  return {
    poll(cx: Context): Poll<number[]> {
      for (;;) {
        reading ??= stream.read(buffer);
        const read = reading.poll(cx);
        if (!read.ready) return { ready: false };
        reading = undefined;
        if (read.value === null) return { ready: true, value: all };
        all.push(...buffer.subarray(0, read.value));
      }
    },
  };
}

Deno.test(
  "accept and connect meet over loopback, and bytes cross in order",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const loop = new EventLoop({ io: reactor });
    const listener = listen(reactor, { port: 0 });
    const message = Array.from({ length: 300 }, (_, i) => i % 251);
    const main = andThen(
      join(listener.accept(), connect(reactor, { port: listener.port })),
      ([server, client]) =>
        andThen(
          client.write(new Uint8Array(message)),
          () =>
            andThen(client.flush(), () => {
              client.close();
              return andThen(readToEnd(server), (received) => {
                server.close();
                return { poll: () => ({ ready: true, value: received }) };
              });
            }),
        ),
    );
    try {
      assert.deepEqual(await loop.run(main), message);
    } finally {
      listener.close();
    }
  },
);
