/**
 * A channel: a queue between tasks, with any number of senders and receivers (like
 * smol's async-channel). A bounded channel has a fixed number of slots; a sender that
 * finds them all full waits, which slows producers down to the pace of consumers
 * (backpressure). The free slots are a {@linkcode Semaphore}'s permits: a send
 * acquires one and leaves it with the message, and the receive that takes the message
 * releases it. An unbounded channel has no semaphore, and a send never waits.
 *
 * ```
 *  send ─► acquire a slot ─► hand to a waiting receiver, or queue ─► recv ─► release the slot
 * ```
 *
 * The channel closes when every sender has closed (receivers drain what is queued, then
 * get `undefined`) or every receiver has (sends throw a `ClosedError`).
 *
 * @module
 */

import {
  type Context,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { type Acquire, Semaphore } from "./semaphore.ts";
import { WaitQueue } from "./wait_queue.ts";
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import {
  ClosedError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";

/** A receiver waiting for a message, and the message once one is handed to it. */
interface RecvWaiter<T> {
  waker: Waker;
  handed: { readonly message: T } | undefined;
}

/** What every end of one channel shares. */
class Shared<T> {
  readonly queue: T[] = [];
  /** The free slots; `undefined` for an unbounded channel. */
  readonly slots: Semaphore | undefined;
  readonly receivers = new WaitQueue<RecvWaiter<T>>();
  senderCount = 1;
  receiverCount = 1;

  constructor(capacity: number) {
    this.slots = capacity === Infinity ? undefined : new Semaphore(capacity);
  }

  get closed(): boolean {
    return this.senderCount === 0 || this.receiverCount === 0;
  }

  /** A message whose slot is taken: straight to the longest-waiting receiver, or queued. */
  deliver(message: T): void {
    const waiter = this.receivers.shift();
    if (waiter === undefined) {
      this.queue.push(message);
      return;
    }
    waiter.handed = { message };
    waiter.waker.wake();
  }

  /** A message taken out of the channel: its slot is free again. */
  taken(message: T): T {
    this.slots?.release();
    return message;
  }

  /** Every sender has closed: waiting receivers will find the queue empty and end. */
  sendersGone(): void {
    for (const waiter of this.receivers.drain()) waiter.waker.wake();
  }
}

/**
 * Make a channel with `capacity` slots (a whole number from 1 up). `Infinity` makes an
 * unbounded channel, as {@linkcode unbounded} does.
 */
export function channel<T>(capacity: number): [Sender<T>, Receiver<T>] {
  if (
    capacity !== Infinity && (!Number.isInteger(capacity) || capacity < 1)
  ) {
    throw new RangeError(
      `a channel's capacity is a whole number from 1 up, or Infinity, not ${capacity}`,
    );
  }
  const shared = new Shared<T>(capacity);
  return [new Sender(shared), new Receiver(shared)];
}

/** Make a channel whose sends never wait. Memory is then the only limit. */
export function unbounded<T>(): [Sender<T>, Receiver<T>] {
  return channel<T>(Infinity);
}

/** A sending end. Clone it for each producer; each clone is closed on its own. */
export class Sender<T> implements Disposable {
  #shared: Shared<T>;
  #closed = false;

  /** Made by {@linkcode channel} and {@linkcode Sender.clone}. */
  constructor(shared: Shared<T>) {
    this.#shared = shared;
  }

  /** True once the channel is closed: this sender, or every receiver, closed. */
  get closed(): boolean {
    return this.#closed || this.#shared.closed;
  }

  /** A future that is ready once `message` is in the channel; it waits while all slots are full. */
  send(message: T): Send<T> {
    return new Send(this.#shared, message, () => this.closed);
  }

  /** Put `message` in now if a slot is free and no sender waits; false if full. */
  trySend(message: T): boolean {
    if (this.closed) throw new ClosedError("the channel");
    const shared = this.#shared;
    const permit = shared.slots?.tryAcquire();
    if (shared.slots !== undefined && permit === undefined) return false;
    permit?.forget();
    shared.deliver(message);
    return true;
  }

  /** Another sender on the same channel. The channel stays open until both close. */
  clone(): Sender<T> {
    if (this.closed) throw new ClosedError("the channel");
    this.#shared.senderCount++;
    return new Sender(this.#shared);
  }

  /** This sender will send no more. When the last one closes, receivers end. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const shared = this.#shared;
    shared.senderCount--;
    if (shared.senderCount === 0) shared.sendersGone();
  }

  /** Close, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** The future {@linkcode Sender.send} returns. Cancelled before it is ready, it sent nothing. */
export class Send<T> implements CancellableFuture<void> {
  #shared: Shared<T>;
  #message: T;
  #closed: () => boolean;
  #slot: Acquire | undefined;
  #done = false;

  /** Made by {@linkcode Sender.send}. */
  constructor(shared: Shared<T>, message: T, closed: () => boolean) {
    this.#shared = shared;
    this.#message = message;
    this.#closed = closed;
  }

  /** Wait for a slot, then deliver. Throws a `ClosedError` if the channel is closed. */
  poll(cx: Context): Poll<void> {
    if (this.#done) throw new PolledAfterCompletionError("a send");
    if (this.#closed()) {
      this.cancel();
      throw new ClosedError("the channel");
    }
    const slots = this.#shared.slots;
    // Making it fast: a free slot is taken at once, without an Acquire to wait with.
    const free = this.#slot === undefined ? slots?.tryAcquire() : undefined;
    if (free !== undefined) {
      free.forget();
    } else if (slots !== undefined) {
      this.#slot ??= slots.acquire();
      const slot = this.#slot.poll(cx);
      if (!slot.ready) return PENDING;
      // The slot goes with the message; the receiver that takes it releases it.
      slot.value.forget();
    }
    this.#done = true;
    this.#shared.deliver(this.#message);
    return ready(undefined);
  }

  /** Give up waiting for a slot (passing it on if one had just been handed over). */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.#slot?.cancel();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/** A receiving end. Clone it for each consumer; each message goes to exactly one. */
export class Receiver<T> implements Disposable {
  #shared: Shared<T>;
  #closed = false;

  /** Made by {@linkcode channel} and {@linkcode Receiver.clone}. */
  constructor(shared: Shared<T>) {
    this.#shared = shared;
  }

  /** A future of the next message, or of `undefined` once every sender has closed and nothing is left. */
  recv(): Recv<T> {
    if (this.#closed) throw new ClosedError("this receiver");
    return new Recv(this.#shared);
  }

  /** The next message if one is queued now; else `undefined`. */
  tryRecv(): T | undefined {
    if (this.#closed) throw new ClosedError("this receiver");
    const shared = this.#shared;
    if (shared.queue.length === 0) return undefined;
    return shared.taken(shared.queue.shift() as T);
  }

  /** Another receiver on the same channel. */
  clone(): Receiver<T> {
    if (this.#closed) throw new ClosedError("this receiver");
    this.#shared.receiverCount++;
    return new Receiver(this.#shared);
  }

  /**
   * This receiver takes no more. When the last one closes, the channel is closed:
   * queued messages are dropped and waiting senders throw.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const shared = this.#shared;
    shared.receiverCount--;
    if (shared.receiverCount > 0) return;
    shared.queue.length = 0;
    shared.slots?.close();
  }

  /** Close, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * The future {@linkcode Receiver.recv} returns. It is cancellation-safe: a message
 * handed to it and not yet seen goes back to the front of the channel when it is
 * cancelled, so giving up on a receive (in a `race`, say) never loses a message.
 */
export class Recv<T> implements CancellableFuture<T | undefined> {
  #shared: Shared<T>;
  #waiter: RecvWaiter<T> | undefined;
  #done = false;

  /** Made by {@linkcode Receiver.recv}. */
  constructor(shared: Shared<T>) {
    this.#shared = shared;
  }

  /** Ready with the next message, or with `undefined` when the channel has ended. */
  poll(cx: Context): Poll<T | undefined> {
    if (this.#done) throw new PolledAfterCompletionError("a recv");
    const shared = this.#shared;
    const waiter = this.#waiter;
    if (waiter?.handed !== undefined) {
      return this.#finish(shared.taken(waiter.handed.message));
    }
    if (shared.queue.length > 0) {
      // Normally a queued waiter is handed its message, but a message can come back
      // to the queue (a cancelled receive) after the waiter was woken for the end.
      if (waiter !== undefined) shared.receivers.remove(waiter);
      return this.#finish(shared.taken(shared.queue.shift() as T));
    }
    if (shared.senderCount === 0 && shared.queue.length === 0) {
      if (waiter !== undefined) shared.receivers.remove(waiter);
      return this.#finish(undefined);
    }
    if (waiter === undefined) {
      this.#waiter = { waker: cx.waker, handed: undefined };
      shared.receivers.push(this.#waiter);
    } else {
      waiter.waker = cx.waker;
    }
    return PENDING;
  }

  /** Stop waiting; a message already handed over goes back to the front, for the next receiver. */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    const shared = this.#shared;
    if (waiter.handed === undefined) {
      shared.receivers.remove(waiter);
      return;
    }
    const next = shared.receivers.shift();
    if (next === undefined) {
      shared.queue.unshift(waiter.handed.message);
      return;
    }
    next.handed = waiter.handed;
    next.waker.wake();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  #finish(message: T | undefined): Poll<T | undefined> {
    this.#done = true;
    return ready(message);
  }
}
