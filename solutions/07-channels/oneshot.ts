/**
 * A oneshot channel carries one value from one task to another: the simplest channel,
 * and the shape of every "reply to me when done" in a runtime (a JoinHandle is one).
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
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import {
  ClosedError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";

/** What the two ends share. */
interface Slot<T> {
  state: "empty" | "sent" | "closed";
  value: T | undefined;
  waker: Waker | undefined;
  receiverGone: boolean;
}

/** Make a oneshot channel: a sender that sends one value, and a receiver that waits for it. */
export function oneshot<T>(): [OneshotSender<T>, OneshotReceiver<T>] {
  const slot: Slot<T> = {
    state: "empty",
    value: undefined,
    waker: undefined,
    receiverGone: false,
  };
  return [new OneshotSender(slot), new OneshotReceiver(slot)];
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
    return this.#slot.receiverGone;
  }

  /**
   * Send the value and wake the receiver. Answers false, keeping nothing, if the
   * receiver has closed; throws a `ClosedError` if this sender has already sent or
   * closed: a oneshot sender is used up by its one send.
   */
  send(value: T): boolean {
    const slot = this.#slot;
    if (slot.state !== "empty") {
      throw new ClosedError("this oneshot sender (it has sent its one value)");
    }
    if (slot.receiverGone) return false;
    slot.state = "sent";
    slot.value = value;
    wakeReceiver(slot);
    return true;
  }

  /** Close without sending: the receiver then throws a `ClosedError`. */
  close(): void {
    const slot = this.#slot;
    if (slot.state !== "empty") return;
    slot.state = "closed";
    wakeReceiver(slot);
  }

  /** Close, at the end of a `using` scope (does nothing after a send). */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** The receiving end of a {@linkcode oneshot}: a future of the one value. */
export class OneshotReceiver<T> implements CancellableFuture<T> {
  #slot: Slot<T>;
  #done = false;

  /** Made by {@linkcode oneshot}. */
  constructor(slot: Slot<T>) {
    this.#slot = slot;
  }

  /** Ready with the value once sent; throws a `ClosedError` if the sender closed instead. */
  poll(cx: Context): Poll<T> {
    if (this.#done) throw new PolledAfterCompletionError("a oneshot receiver");
    const slot = this.#slot;
    switch (slot.state) {
      case "empty":
        slot.waker = cx.waker;
        return PENDING;
      case "sent": {
        this.#done = true;
        const value = slot.value as T;
        slot.value = undefined;
        return ready(value);
      }
      case "closed":
        this.#done = true;
        throw new ClosedError("the oneshot's sender");
    }
  }

  /** Stop waiting: a later send answers false instead of leaving its value here. */
  close(): void {
    this.#done = true;
    this.#slot.receiverGone = true;
    this.#slot.waker = undefined;
    this.#slot.value = undefined;
  }

  /** The same as {@linkcode OneshotReceiver.close}. */
  cancel(): void {
    this.close();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

function wakeReceiver<T>(slot: Slot<T>): void {
  const waker = slot.waker;
  slot.waker = undefined;
  waker?.wake();
}
