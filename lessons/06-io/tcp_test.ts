import assert from "node:assert/strict";
import {
  countingContext,
  drainMicrotasks,
  timeLimit,
} from "../_support/testing.ts";
import type { Context, Future, Poll } from "../01-futures/future.ts";
import { andThen, join, map } from "../01-futures/combinators.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { ClosedError, PolledAfterCompletionError } from "../contract/errors.ts";
import { Reactor } from "./reactor.ts";
import {
  type Acceptor,
  connect,
  type Connection,
  listen,
  TcpListener,
  TcpStream,
} from "./tcp.ts";

/** A connection the test drives: every read and write waits until the test settles it. */
class FakeConnection implements Connection {
  reads: {
    buffer: Uint8Array;
    settle: (n: number | null) => void;
    fail: (error: Error) => void;
  }[] = [];
  writes: {
    bytes: Uint8Array;
    settle: (n: number) => void;
    fail: (error: Error) => void;
  }[] = [];
  closes = 0;
  refs = 0;
  unrefs = 0;

  get closed(): boolean {
    return this.closes > 0;
  }

  read(buffer: Uint8Array): Promise<number | null> {
    return new Promise((settle, fail) =>
      this.reads.push({ buffer, settle, fail })
    );
  }

  write(bytes: Uint8Array): Promise<number> {
    return new Promise((settle, fail) =>
      this.writes.push({ bytes: bytes.slice(), settle, fail })
    );
  }

  close(): void {
    this.closes++;
  }

  ref(): void {
    this.refs++;
  }

  unref(): void {
    this.unrefs++;
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

Deno.test(
  "a cancelled read loses nothing: bytes that arrive after it go to the next read",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const cx = countingContext();
    const buffer = new Uint8Array(8);
    const abandoned = stream.read(buffer);
    abandoned.poll(cx);
    abandoned.cancel();
    conn.arrive([4, 5, 6]);
    await drainMicrotasks();
    assert.equal(cx.wakes, 0, "a cancelled read is not woken");
    assert.deepEqual(stream.read(buffer).poll(cx), { ready: true, value: 3 });
    assert.deepEqual([...buffer.subarray(0, 3)], [4, 5, 6]);
    assert.equal(conn.reads.length, 0, "no second read was needed");
  },
);

Deno.test(
  "a cancelled read stops counting as IO in flight and lets the process exit; the next read takes it back",
  timeLimit,
  () => {
    const conn = new FakeConnection();
    const reactor = new Reactor();
    const stream = new TcpStream(reactor, conn);
    const abandoned = stream.read(new Uint8Array(8));
    abandoned.poll(countingContext());
    assert.equal(reactor.inFlight, 1);
    abandoned.cancel();
    assert.equal(
      reactor.inFlight,
      0,
      "nobody waits for that read: a loop with nothing else to do must report a deadlock",
    );
    assert.equal(
      conn.unrefs,
      1,
      "unref: the pending read must not keep Deno alive",
    );
    const next = stream.read(new Uint8Array(8));
    next.poll(countingContext());
    assert.equal(
      conn.reads.length,
      1,
      "the read in flight is reused, not doubled",
    );
    assert.equal(reactor.inFlight, 1, "someone waits for it again");
    assert.equal(conn.refs, 1);
  },
);

Deno.test(
  "read, write and flush keep the contract: one cancel is enough, dispose cancels, a poll after the end throws",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const reactor = new Reactor();
    const stream = new TcpStream(reactor, conn, { highWaterMark: 1 });
    const cx = countingContext();
    const read = stream.read(new Uint8Array(4));
    read.poll(cx);
    read.cancel();
    read.cancel();
    assert.throws(() => read.poll(cx), PolledAfterCompletionError);
    const write = stream.write(bytes(1));
    assert.deepEqual(write.poll(cx), { ready: true, value: 1 });
    assert.throws(() => write.poll(cx), PolledAfterCompletionError);
    const flush = stream.flush();
    assert.equal(flush.poll(cx).ready, false);
    flush[Symbol.dispose]();
    assert.throws(() => flush.poll(cx), PolledAfterCompletionError);
    conn.writes[0].settle(1);
    await drainMicrotasks();
    assert.equal(
      cx.wakes,
      0,
      "neither the cancelled read nor the disposed flush is woken",
    );
  },
);

Deno.test(
  "two tasks writing one stream past its high-water mark are both woken when room comes",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn, { highWaterMark: 4 });
    stream.write(bytes(1, 2, 3, 4)).poll(countingContext());
    const first = countingContext();
    const second = countingContext();
    const writeA = stream.write(bytes(5));
    const writeB = stream.write(bytes(6));
    assert.equal(writeA.poll(first).ready, false);
    assert.equal(writeB.poll(second).ready, false);
    conn.writes[0].settle(4);
    await drainMicrotasks();
    assert.deepEqual(
      [first.wakes, second.wakes],
      [1, 1],
      "with one waker slot, the second writer's poll overwrote the first's waker",
    );
    assert.deepEqual(writeA.poll(first), { ready: true, value: 1 });
    assert.deepEqual(writeB.poll(second), { ready: true, value: 1 });
  },
);

Deno.test(
  "a write cancelled while it waits for room is not woken, and its bytes are never sent",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn, { highWaterMark: 2 });
    const cx = countingContext();
    stream.write(bytes(1, 2)).poll(cx);
    const waiting = stream.write(bytes(3));
    waiting.poll(cx);
    waiting.cancel();
    conn.writes[0].settle(2);
    await drainMicrotasks();
    assert.equal(cx.wakes, 0);
    assert.equal(stream.queuedBytes, 0);
    assert.equal(
      conn.writes.length,
      1,
      "the cancelled write's byte must not go out",
    );
  },
);

Deno.test(
  "closing a stream wakes every waiting read, write and flush, which then throw ClosedError",
  timeLimit,
  () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn, { highWaterMark: 1 });
    const cx = countingContext();
    stream.write(bytes(1)).poll(cx);
    const waiting = [
      stream.read(new Uint8Array(4)),
      stream.write(bytes(2)),
      stream.flush(),
    ];
    for (const future of waiting) assert.equal(future.poll(cx).ready, false);
    stream.close();
    stream.close();
    assert.equal(conn.closes, 1, "closing twice closes the connection once");
    assert.equal(cx.wakes, 3, "each waiting future is woken, to see the close");
    for (const future of waiting) {
      assert.throws(() => future.poll(cx), ClosedError);
    }
  },
);

/** An acceptor the test drives: each accept waits until the test hands it a connection. */
class FakeAcceptor implements Acceptor {
  accepts: ((conn: Connection) => void)[] = [];
  closed = 0;
  refs = 0;
  unrefs = 0;

  accept(): Promise<Connection> {
    return new Promise((resolve) => this.accepts.push(resolve));
  }

  close(): void {
    this.closed++;
  }

  ref(): void {
    this.refs++;
  }

  unref(): void {
    this.unrefs++;
  }
}

Deno.test(
  "a cancelled accept loses nothing: a connection that comes afterwards goes to the next accept",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const acceptor = new FakeAcceptor();
    const listener = new TcpListener(reactor, acceptor, 7);
    const cx = countingContext();
    const abandoned = listener.accept();
    abandoned.poll(cx);
    abandoned.cancel();
    assert.equal(reactor.inFlight, 0, "nobody waits for that accept any more");
    assert.equal(
      acceptor.unrefs,
      1,
      "unref: it must not keep Deno alive either",
    );
    const again = listener.accept();
    again.poll(cx);
    assert.equal(acceptor.accepts.length, 1, "the accept in flight is reused");
    assert.equal(reactor.inFlight, 1, "someone waits for it again");
    assert.equal(acceptor.refs, 1);
    again.cancel();
    const conn = new FakeConnection();
    acceptor.accepts[0](conn);
    await drainMicrotasks();
    assert.equal(cx.wakes, 0);
    const next = listener.accept().poll(cx);
    assert.ok(next.ready, "the connection waited for the next accept");
    next.value.close();
    assert.equal(
      conn.closed,
      true,
      "that stream is over the connection accepted",
    );
  },
);

Deno.test(
  "closing a listener closes the connections it accepted but never handed out",
  timeLimit,
  async () => {
    const acceptor = new FakeAcceptor();
    const listener = new TcpListener(new Reactor(), acceptor, 7);
    const accept = listener.accept();
    accept.poll(countingContext());
    accept.cancel();
    const conn = new FakeConnection();
    acceptor.accepts[0](conn);
    await drainMicrotasks();
    listener.close();
    assert.equal(
      conn.closed,
      true,
      "an fd nobody will ever read from is a leak",
    );
    listener.close();
    assert.equal(acceptor.closed, 1, "closing twice closes the socket once");
  },
);

Deno.test(
  "closing a listener twice, or by `using` after close(), is harmless; accept then throws ClosedError",
  timeLimit,
  () => {
    const reactor = new Reactor();
    {
      using listener = listen(reactor, { port: 0 });
      listener.close();
      listener.close();
      assert.throws(
        () => listener.accept().poll(countingContext()),
        ClosedError,
      );
    }
  },
);

Deno.test(
  "two tasks accepting on one listener each get a connection",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const loop = new EventLoop({ io: reactor });
    using listener = listen(reactor, { port: 0 });
    const acceptor = () =>
      map(listener.accept(), (stream) => {
        stream.close();
        return "accepted";
      });
    const first = loop.spawn(acceptor());
    const second = loop.spawn(acceptor());
    const dial = () =>
      map(connect(reactor, { port: listener.port }), (stream) => {
        stream.close();
      });
    const accepted = await loop.run(
      andThen(join(dial(), dial()), () => join(first, second)),
    );
    assert.deepEqual(accepted, ["accepted", "accepted"]);
  },
);

Deno.test(
  "a cancelled connect aborts its attempt and closes the connection if it is made all the same",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    let made: ((conn: Connection) => void) | undefined;
    let signal: AbortSignal | undefined;
    const connecting = connect(reactor, { port: 7 }, (options) => {
      signal = options.signal;
      return new Promise((resolve) => made = resolve);
    });
    const cx = countingContext();
    assert.equal(connecting.poll(cx).ready, false);
    connecting.cancel();
    assert.equal(signal?.aborted, true, "the attempt is aborted");
    assert.equal(reactor.inFlight, 0, "nobody waits for it any more");
    const conn = new FakeConnection();
    made?.(conn);
    await drainMicrotasks();
    assert.equal(
      conn.closed,
      true,
      "a connection nobody will take is a leaked fd",
    );
    assert.equal(cx.wakes, 0);
    assert.throws(() => connecting.poll(cx), PolledAfterCompletionError);
  },
);

Deno.test(
  "a connect that succeeds answers a stream over its connection, and aborts nothing",
  timeLimit,
  async () => {
    let made: ((conn: Connection) => void) | undefined;
    let signal: AbortSignal | undefined;
    const connecting = connect(new Reactor(), { port: 7 }, (options) => {
      signal = options.signal;
      return new Promise((resolve) => made = resolve);
    });
    const cx = countingContext();
    connecting.poll(cx);
    const conn = new FakeConnection();
    made?.(conn);
    await drainMicrotasks();
    assert.equal(cx.wakes, 1);
    const polled = connecting.poll(cx);
    assert.ok(polled.ready);
    connecting.cancel();
    assert.equal(
      signal?.aborted,
      false,
      "a finished connect has nothing to abort",
    );
    polled.value.close();
    assert.equal(conn.closed, true);
  },
);

Deno.test(
  "a connect that fails throws what the attempt threw",
  timeLimit,
  async () => {
    const refused = new Error("connection refused");
    const connecting = connect(
      new Reactor(),
      { port: 7 },
      () => Promise.reject(refused),
    );
    const cx = countingContext();
    connecting.poll(cx);
    await drainMicrotasks();
    assert.throws(() => connecting.poll(cx), (error) => error === refused);
  },
);

Deno.test(
  "100 connects over loopback, each cancelled after its first poll, leave no connection open",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    using listener = listen(reactor, { port: 0 });
    const attempts: Promise<Deno.TcpConn>[] = [];
    for (let i = 0; i < 100; i++) {
      const connecting = connect(
        reactor,
        { port: listener.port },
        (options) => {
          const attempt = Deno.connect(options);
          attempts.push(attempt);
          return attempt;
        },
      );
      connecting.poll(countingContext());
      connecting.cancel();
    }
    const settled = await Promise.allSettled(attempts);
    await drainMicrotasks();
    for (const attempt of settled) {
      if (attempt.status === "rejected") {
        assert.equal(
          (attempt.reason as Error).name,
          "AbortError",
          "an attempt that failed should have failed because it was aborted",
        );
        continue;
      }
      assert.throws(
        () => attempt.value.close(),
        Deno.errors.BadResource,
        "a connection made after its connect was cancelled must be closed",
      );
    }
  },
);

Deno.test(
  "a failed read reaches its reader, and every read after it throws the same error",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const cx = countingContext();
    const read = stream.read(new Uint8Array(4));
    read.poll(cx);
    const reset = new Error("connection reset");
    conn.reads[0].fail(reset);
    await drainMicrotasks();
    assert.equal(cx.wakes, 1);
    assert.throws(() => read.poll(cx), (error) => error === reset);
    assert.throws(
      () => stream.read(new Uint8Array(4)).poll(cx),
      (error) => error === reset,
    );
  },
);

Deno.test(
  "a failed write wakes every waiting writer and flusher, and each write or flush after it throws it",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn, { highWaterMark: 2 });
    const cx = countingContext();
    stream.write(bytes(1, 2)).poll(cx);
    const writing = stream.write(bytes(3));
    const flushing = stream.flush();
    writing.poll(cx);
    flushing.poll(cx);
    const broken = new Error("broken pipe");
    conn.writes[0].fail(broken);
    await drainMicrotasks();
    assert.equal(
      cx.wakes,
      2,
      "both must hear of the failure, or wait for ever",
    );
    assert.throws(() => writing.poll(cx), (error) => error === broken);
    assert.throws(() => flushing.poll(cx), (error) => error === broken);
    assert.throws(() => stream.write(bytes(4)).poll(cx), (e) => e === broken);
    assert.throws(() => stream.flush().poll(cx), (e) => e === broken);
  },
);

Deno.test(
  "writers wait while the queue is at the mark, and flushers while anything is queued",
  timeLimit,
  async () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn, { highWaterMark: 4 });
    const cx = countingContext();
    stream.write(bytes(1, 2, 3)).poll(cx);
    stream.write(bytes(4, 5, 6)).poll(cx); // 3 < 4: accepted, 6 queued
    const writing = stream.write(bytes(7));
    const flushing = stream.flush();
    writing.poll(cx);
    flushing.poll(cx);
    conn.writes[0].settle(2); // a short write: 4 left, at the mark
    await drainMicrotasks();
    assert.equal(stream.queuedBytes, 4);
    assert.equal(
      cx.wakes,
      0,
      "at the mark is not below it, and 4 bytes still wait",
    );
  },
);

Deno.test(
  "reading into an empty buffer, or writing no bytes, is ready at once and starts nothing",
  timeLimit,
  () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const cx = countingContext();
    assert.deepEqual(stream.read(new Uint8Array(0)).poll(cx), {
      ready: true,
      value: 0,
    });
    assert.deepEqual(stream.write(new Uint8Array(0)).poll(cx), {
      ready: true,
      value: 0,
    });
    assert.deepEqual([conn.reads.length, conn.writes.length], [0, 0]);
  },
);

Deno.test(
  "while one of two readers still waits, the read in flight stays counted and ref'd",
  timeLimit,
  () => {
    const conn = new FakeConnection();
    const reactor = new Reactor();
    const stream = new TcpStream(reactor, conn);
    const first = stream.read(new Uint8Array(4));
    const second = stream.read(new Uint8Array(4));
    first.poll(countingContext());
    second.poll(countingContext());
    first.cancel();
    assert.equal(reactor.inFlight, 1, "the second reader still waits for it");
    assert.equal(conn.unrefs, 0);
    second.cancel();
    assert.equal(reactor.inFlight, 0);
    const third = stream.read(new Uint8Array(4));
    third.poll(countingContext());
    third.poll(countingContext());
    assert.equal(conn.refs, 1, "taken back once, however often it is polled");
  },
);

Deno.test(
  "closing a stream whose read was left behind refs it again, so Deno delivers its end",
  timeLimit,
  () => {
    const conn = new FakeConnection();
    const stream = new TcpStream(new Reactor(), conn);
    const read = stream.read(new Uint8Array(4));
    read.poll(countingContext());
    read.cancel();
    stream.close();
    assert.deepEqual([conn.unrefs, conn.refs, conn.closes], [1, 1, 1]);
    const quiet = new FakeConnection();
    {
      using _idle = new TcpStream(new Reactor(), quiet);
    }
    assert.deepEqual(
      [quiet.refs, quiet.closes],
      [0, 1],
      "`using` closes a stream; with no read in flight there is nothing to ref",
    );
  },
);

Deno.test(
  "a failed accept reaches the accepter",
  timeLimit,
  async () => {
    const acceptor = new FakeAcceptor();
    const failing: Acceptor = {
      accept: () => Promise.reject(new Error("too many open files")),
      close: () => acceptor.close(),
    };
    const listener = new TcpListener(new Reactor(), failing, 7);
    const cx = countingContext();
    const accept = listener.accept();
    accept.poll(cx);
    await drainMicrotasks();
    assert.equal(cx.wakes, 1);
    assert.throws(() => accept.poll(cx), /too many open files/);
    listener.close();
  },
);

Deno.test(
  "while one of two accepters still waits, the accept in flight stays counted; closing refs a left-behind accept",
  timeLimit,
  () => {
    const reactor = new Reactor();
    const acceptor = new FakeAcceptor();
    const listener = new TcpListener(reactor, acceptor, 7);
    const first = listener.accept();
    const second = listener.accept();
    first.poll(countingContext());
    second.poll(countingContext());
    first.cancel();
    assert.equal(reactor.inFlight, 1);
    assert.equal(acceptor.unrefs, 0);
    second.cancel();
    const third = listener.accept();
    third.poll(countingContext());
    third.poll(countingContext());
    assert.equal(
      acceptor.refs,
      1,
      "taken back once, however often it is polled",
    );
    third.cancel();
    listener.close();
    assert.equal(
      acceptor.refs,
      2,
      "its end must be delivered: ref it before closing",
    );
    const idle = new FakeAcceptor();
    new TcpListener(new Reactor(), idle, 8).close();
    assert.equal(idle.refs, 0, "no accept in flight, nothing to ref");
  },
);
