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

import type { Context, Poll, Waker } from "../01-futures/future.ts";
import { Semaphore } from "./semaphore.ts";
import { WaitQueue } from "./wait_queue.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
import { ClosedError } from "../contract/errors.ts";
// TODO: you will want PENDING and ready too, PolledAfterCompletionError from
// "../contract/errors.ts", and the Acquire type from "./semaphore.ts".

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
    void message;
    throw new Error("not implemented: Shared.deliver");
  }

  /** A message taken out of the channel: its slot is free again. */
  taken(message: T): T {
    void message;
    throw new Error("not implemented: Shared.taken");
  }

  /** Every sender has closed: waiting receivers will find the queue empty and end. */
  sendersGone(): void {
    throw new Error("not implemented: Shared.sendersGone");
  }
}

/**
 * Make a channel with `capacity` slots (a whole number from 1 up). `Infinity` makes an
 * unbounded channel, as {@linkcode unbounded} does.
 */
export function channel<T>(capacity: number): [Sender<T>, Receiver<T>] {
  // TODO: refuse (RangeError) a capacity that is not a whole number from 1 up or
  // Infinity; Shared would make a Semaphore with a bad count otherwise.
  const shared = new Shared<T>(capacity);
  // TODO: a Sender and a Receiver on `shared`.
  void shared;
  throw new Error("not implemented: channel");
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
    void message;
    throw new Error("not implemented: Sender.trySend");
  }

  /** Another sender on the same channel. The channel stays open until both close. */
  clone(): Sender<T> {
    throw new Error("not implemented: Sender.clone");
  }

  /** This sender will send no more. When the last one closes, receivers end. */
  close(): void {
    throw new Error("not implemented: Sender.close");
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
  // TODO: the acquire of a slot (bounded channels only), and whether this has finished.

  /** Made by {@linkcode Sender.send}. */
  constructor(shared: Shared<T>, message: T, closed: () => boolean) {
    this.#shared = shared;
    this.#message = message;
    this.#closed = closed;
  }

  /** Wait for a slot, then deliver. Throws a `ClosedError` if the channel is closed. */
  poll(cx: Context): Poll<void> {
    void cx, this.#message, this.#closed;
    throw new Error("not implemented: Send.poll");
  }

  /** Give up waiting for a slot (passing it on if one had just been handed over). */
  cancel(): void {
    throw new Error("not implemented: Send.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
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
    throw new Error("not implemented: Receiver.tryRecv");
  }

  /** Another receiver on the same channel. */
  clone(): Receiver<T> {
    throw new Error("not implemented: Receiver.clone");
  }

  /**
   * This receiver takes no more. When the last one closes, the channel is closed:
   * queued messages are dropped and waiting senders throw.
   */
  close(): void {
    throw new Error("not implemented: Receiver.close");
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
  // TODO: the waiter, once queued, and whether this future has finished.

  /** Made by {@linkcode Receiver.recv}. */
  constructor(shared: Shared<T>) {
    this.#shared = shared;
  }

  /** Ready with the next message, or with `undefined` when the channel has ended. */
  poll(cx: Context): Poll<T | undefined> {
    void cx, this.#shared;
    throw new Error("not implemented: Recv.poll");
  }

  /** Stop waiting; a message already handed over goes back to the front, for the next receiver. */
  cancel(): void {
    throw new Error("not implemented: Recv.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
