/**
 * Shutdown, the IO side: when the main future ends, the tasks still alive are
 * cancelled (tokio drops them). A task left with a read or an accept in flight must
 * then hold nothing: its operation is detached from the reactor and its socket
 * unref'd, so Deno may exit. `EventLoop.run` ends with `scheduler.shutdown()`, which
 * cancels them; this test checks that what they held is then let go.
 */

import assert from "node:assert/strict";
import { EventLoop, type Future } from "./mod.ts";
import { Reactor } from "../lessons/06-io/reactor.ts";
import {
  type Acceptor,
  type Connection,
  TcpListener,
  TcpStream,
} from "../lessons/06-io/tcp.ts";
import { futureFrom, timeLimit } from "../lessons/_support/testing.ts";

/** A real socket that notes its operations and its ref/unref calls. */
class Noted<T extends Deno.TcpConn | Deno.TcpListener> {
  operations: Promise<unknown>[] = [];
  refs = 0;
  unrefs = 0;
  constructor(readonly inner: T) {}
  note<R>(operation: Promise<R>): Promise<R> {
    this.operations.push(operation);
    return operation;
  }
  ref(): void {
    this.refs++;
    this.inner.ref();
  }
  unref(): void {
    this.unrefs++;
    this.inner.unref();
  }
  close(): void {
    this.inner.close();
  }
}

class NotedConn extends Noted<Deno.TcpConn> implements Connection {
  read(buffer: Uint8Array): Promise<number | null> {
    return this.note(this.inner.read(buffer));
  }
  write(bytes: Uint8Array): Promise<number> {
    return this.note(this.inner.write(bytes));
  }
}

class NotedListener extends Noted<Deno.TcpListener> implements Acceptor {
  accept(): Promise<Connection> {
    return this.note(this.inner.accept());
  }
}

/** A main future that lets every task spawned before it be polled, then ends. */
function afterOneTurn(): Future<string> {
  let polled = false;
  return futureFrom<string>((cx) => {
    if (polled) return { ready: true, value: "main done" };
    polled = true;
    cx.waker.wake();
    return { ready: false };
  });
}

Deno.test(
  "when main ends, a task left reading and a task left accepting are cancelled and hold nothing",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const loop = new EventLoop({ io: reactor });
    const socket = new NotedListener(
      Deno.listen({ hostname: "127.0.0.1", port: 0 }),
    );
    const client = await Deno.connect({
      hostname: "127.0.0.1",
      port: socket.inner.addr.port,
    });
    const conn = new NotedConn(await socket.inner.accept());
    const stream = new TcpStream(reactor, conn);
    const listener = new TcpListener(reactor, socket, socket.inner.addr.port);
    // Two tasks the main future never waits for: a read nobody answers, an accept
    // nobody connects to.
    const leftBehind: Future<unknown>[] = [
      stream.read(new Uint8Array(16)),
      listener.accept(),
    ];
    for (const future of leftBehind) loop.spawn(future);
    assert.equal(await loop.run(afterOneTurn()), "main done");
    assert.deepEqual(
      [conn.operations.length, socket.operations.length],
      [1, 1],
      "both tasks were polled: a read and an accept are in flight at Deno",
    );
    assert.equal(
      reactor.inFlight,
      0,
      "shutdown cancelled the tasks left behind: nothing of theirs is waited for",
    );
    assert.deepEqual(
      [conn.unrefs, socket.unrefs],
      [1, 1],
      "their read and accept no longer keep the process alive",
    );
    stream.close();
    listener.close();
    client.close();
    await Promise.allSettled([...conn.operations, ...socket.operations]);
  },
);
