/**
 * A check of the cancelling rules in `lessons/contract/README.md`, for any future that
 * waits when first polled. The tests of every lesson that adds such a future run it.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { CancellableFuture } from "../contract/cancel.ts";
import { PolledAfterCompletionError } from "../contract/errors.ts";
import { countingContext } from "./testing.ts";

/**
 * Check on futures made by `make` (each pending on its first poll) that `cancel()` may
 * be called twice, that `using` cancels, and that a poll after either throws a
 * `PolledAfterCompletionError`.
 */
export function assertKeepsCancelRules<T>(
  name: string,
  make: () => CancellableFuture<T>,
): void {
  const cx = countingContext();
  const cancelled = make();
  assert.equal(cancelled.poll(cx).ready, false, `${name} waits at first`);
  cancelled.cancel();
  cancelled.cancel(); // idempotent: a second cancel is harmless
  assert.throws(
    () => cancelled.poll(cx),
    PolledAfterCompletionError,
    `${name}: a poll after cancel() must throw PolledAfterCompletionError`,
  );
  const disposed = make();
  {
    using held = disposed;
    assert.equal(held.poll(cx).ready, false, `${name} waits at first`);
  }
  assert.throws(
    () => disposed.poll(cx),
    PolledAfterCompletionError,
    `${name}: the end of a \`using\` block must cancel it`,
  );
}
