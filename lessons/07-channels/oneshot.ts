/**
 * A oneshot channel carries one value from one task to another: the simplest channel,
 * and the shape of every "reply to me when done" in a runtime (a JoinHandle is one).
 *
 * @module
 */

import type { Context, Poll, Waker } from "../01-futures/future.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want ClosedError and PolledAfterCompletionError from
// "../contract/errors.ts", and PENDING and ready from "../01-futures/future.ts".

/** What the two ends share. */
interface Slot<T> {
  state: "empty" | "sent" | "closed";
  value: T | undefined;
  waker: Waker | undefined;
  receiverGone: boolean;
}

/** Make a oneshot channel: a sender that sends one value, and a receiver that waits for it. */
export function oneshot<T>(): [OneshotSender<T>, OneshotReceiver<T>] {
  // TODO: one Slot, shared by a new OneshotSender and a new OneshotReceiver.
  throw new Error("not implemented: oneshot");
}

/** The sending end of a {@linkcode oneshot}. */
export class OneshotSender<T> implements Disposable {
  #slot: Slot<T>;

  /** Made by {@linkcode oneshot}. */
  constructor(slot: Slot<T>) {
    this.#slot = slot;
  }

  /** True once the receiver has closed: nobody will see a value sent now. */
  get receiverClosed(): boolean {
    void this.#slot;
    throw new Error("not implemented: OneshotSender.receiverClosed");
  }

  /**
   * Send the value and wake the receiver. Answers false, keeping nothing, if the
   * receiver has closed; throws a `ClosedError` if this sender has already sent or
   * closed: a oneshot sender is used up by its one send.
   */
  send(value: T): boolean {
    void value;
    throw new Error("not implemented: OneshotSender.send");
  }

  /** Close without sending: the receiver then throws a `ClosedError`. */
  close(): void {
    throw new Error("not implemented: OneshotSender.close");
  }

  /** Close, at the end of a `using` scope (does nothing after a send). */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** The receiving end of a {@linkcode oneshot}: a future of the one value. */
export class OneshotReceiver<T> implements CancellableFuture<T> {
  #slot: Slot<T>;
  // TODO: whether this future has finished.

  /** Made by {@linkcode oneshot}. */
  constructor(slot: Slot<T>) {
    this.#slot = slot;
  }

  /** Ready with the value once sent; throws a `ClosedError` if the sender closed instead. */
  poll(cx: Context): Poll<T> {
    void cx, this.#slot;
    throw new Error("not implemented: OneshotReceiver.poll");
  }

  /** Stop waiting: a later send answers false instead of leaving its value here. */
  close(): void {
    throw new Error("not implemented: OneshotReceiver.close");
  }

  /** The same as {@linkcode OneshotReceiver.close}. */
  cancel(): void {
    this.close();
  }

  /** Cancel, at the end of a `using` scope (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
