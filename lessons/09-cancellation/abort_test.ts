import assert from "node:assert/strict";
import {
  CancellableProbe,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { yieldNow } from "../04-scheduler/yield_now.ts";
import { VirtualClock } from "../05-timers/clock.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { Reactor } from "../06-io/reactor.ts";
import { connect, listen } from "../06-io/tcp.ts";
import { channel } from "../07-channels/channel.ts";
import { coroutine, wait } from "../08-coroutines/coroutine.ts";
import { spawnAbortable } from "./abort.ts";
import { PolledAfterCompletionError, TaskError } from "../contract/errors.ts";

/** True if `error` is how a join reports an aborted task. */
function isAborted(error: unknown): boolean {
  return error instanceof TaskError && error.cancelled;
}

Deno.test(
  "abort stops a waiting task: what it waited on is cancelled, and joining throws a TaskError that says it was cancelled",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const spawn = scheduler.spawn.bind(scheduler);
    const waitingOn = new CancellableProbe<number>();
    const handle = spawnAbortable(spawn, waitingOn);
    scheduler.tick();
    assert.equal(handle.finished, false);
    handle.abort();
    scheduler.tick();
    assert.equal(handle.finished, true, "the abort woke the task");
    assert.equal(waitingOn.cancelled, true);
    assert.throws(
      () => handle.poll({ waker: { wake() {} } }),
      (error) => isAborted(error),
      "joining an aborted task throws a TaskError whose .cancelled is true",
    );
  },
);

Deno.test(
  "aborting a finished task changes nothing: the handle still gives its value",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const handle = spawnAbortable(
      scheduler.spawn.bind(scheduler),
      readyProbe("done"),
    );
    scheduler.tick();
    handle.abort();
    assert.deepEqual(handle.poll({ waker: { wake() {} } }), {
      ready: true,
      value: "done",
    });
  },
);

Deno.test(
  "an aborted task's timer leaves the heap, and the loop does not wait for it",
  timeLimit,
  async () => {
    const clock = new VirtualClock();
    const loop = new EventLoop({ clock });
    const spawn = loop.spawn.bind(loop);
    const pending = await loop.run(coroutine(function* () {
      const sleeper = spawnAbortable(spawn, loop.timers.sleep(3_600_000));
      yield* wait(yieldNow());
      assert.equal(loop.timers.pending, 1);
      sleeper.abort();
      try {
        yield* wait(sleeper);
      } catch (error) {
        assert.ok(isAborted(error));
      }
      return loop.timers.pending;
    }));
    assert.equal(pending, 0);
    assert.equal(clock.now(), 0, "an hour was not waited for");
  },
);

Deno.test(
  "an aborted receive gives up its place: the next message goes to a live receiver",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const [sender, receiver] = channel<string>(1);
    const aborted = spawnAbortable(
      scheduler.spawn.bind(scheduler),
      receiver.recv(),
    );
    scheduler.tick();
    aborted.abort();
    scheduler.tick();
    sender.trySend("for the living");
    assert.equal(receiver.tryRecv(), "for the living");
  },
);

Deno.test(
  "tasks spawned by an aborted task go on running: only a scope ties them to it",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const spawn = scheduler.spawn.bind(scheduler);
    const child = new Probe<string>();
    let childHandle: ReturnType<typeof spawn<string>> | undefined;
    const parent = spawnAbortable(
      spawn,
      coroutine(function* () {
        childHandle = spawn(child);
        yield* wait(new Probe<void>());
      }),
    );
    scheduler.tick();
    parent.abort();
    scheduler.tick();
    assert.equal(parent.finished, true);
    child.complete("still here");
    scheduler.tick();
    assert.deepEqual(childHandle?.outcome, { ok: true, value: "still here" });
  },
);

Deno.test(
  "a handle held with `using` aborts its task when the block ends",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const waitingOn = new CancellableProbe<number>();
    {
      using _handle = spawnAbortable(
        scheduler.spawn.bind(scheduler),
        waitingOn,
      );
      scheduler.tick();
    }
    scheduler.tick();
    assert.equal(waitingOn.cancelled, true);
    assert.equal(scheduler.liveTasks, 0);
  },
);

Deno.test(
  "aborting a task blocked on a TCP read loses no bytes: the next read gets them",
  timeLimit,
  async () => {
    const reactor = new Reactor();
    const loop = new EventLoop({ clock: new VirtualClock(), io: reactor });
    const spawn = loop.spawn.bind(loop);
    const got = await loop.run(coroutine(function* () {
      using listener = listen(reactor, { port: 0 });
      using client = yield* wait(connect(reactor, { port: listener.port }));
      using server = yield* wait(listener.accept());
      const buffer = new Uint8Array(16);
      const reader = spawnAbortable(spawn, server.read(buffer));
      yield* wait(yieldNow());
      reader.abort();
      yield* wait(yieldNow());
      assert.equal(reader.finished, true);
      yield* wait(client.write(new TextEncoder().encode("kept")));
      const n = yield* wait(server.read(buffer));
      return new TextDecoder().decode(buffer.subarray(0, n ?? 0));
    }));
    assert.equal(got, "kept");
  },
);

Deno.test(
  "an abort wins over a future that would be ready on that poll: it is cancelled and the task ends aborted",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const waitingOn = new CancellableProbe<string>();
    const handle = spawnAbortable(scheduler.spawn.bind(scheduler), waitingOn);
    scheduler.tick();
    waitingOn.complete("too late");
    handle.abort();
    scheduler.tick();
    assert.equal(
      waitingOn.cancelled,
      true,
      "the abort is checked before the future is polled, so the future is cancelled, not read",
    );
    assert.equal(waitingOn.polls, 1, "it was not polled after the abort");
    assert.throws(() => handle.poll({ waker: { wake() {} } }), isAborted);
  },
);

Deno.test(
  "cancelling a TaskHandle aborts its task, and a poll after that throws PolledAfterCompletionError",
  timeLimit,
  () => {
    const scheduler = new Scheduler();
    const waitingOn = new CancellableProbe<number>();
    const handle = spawnAbortable(scheduler.spawn.bind(scheduler), waitingOn);
    scheduler.tick();
    handle.cancel();
    handle.cancel();
    scheduler.tick();
    assert.equal(waitingOn.cancelled, true, "cancel() aborted the task");
    assert.equal(scheduler.liveTasks, 0);
    assert.throws(
      () => handle.poll({ waker: { wake() {} } }),
      PolledAfterCompletionError,
    );
  },
);
