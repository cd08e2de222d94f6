import assert from "node:assert/strict";
import { drainMicrotasks, timeLimit } from "../_support/testing.ts";
import { Parker } from "./parker.ts";

/** Start parking, and report whether the park has returned yet. */
function startParking(parker: Parker): { readonly returned: boolean } {
  let returned = false;
  parker.park().then(() => returned = true);
  return {
    get returned() {
      return returned;
    },
  };
}

Deno.test("park() waits until unpark() is called", timeLimit, async () => {
  const parker = new Parker();
  const parked = startParking(parker);
  await drainMicrotasks();
  assert.equal(
    parked.returned,
    false,
    "park() returned although nobody called unpark()",
  );
  parker.unpark();
  await drainMicrotasks();
  assert.equal(
    parked.returned,
    true,
    "unpark() did not wake the parked waiter",
  );
});

Deno.test(
  "an unpark() that comes before park() is kept as a permit",
  timeLimit,
  async () => {
    const parker = new Parker();
    parker.unpark();
    const parked = startParking(parker);
    await drainMicrotasks();
    assert.equal(parked.returned, true, "the earlier unpark() was lost");
  },
);

Deno.test(
  "many unpark() calls before park() leave one permit, not many",
  timeLimit,
  async () => {
    const parker = new Parker();
    parker.unpark();
    parker.unpark();
    parker.unpark();
    await parker.park();
    const second = startParking(parker);
    await drainMicrotasks();
    assert.equal(
      second.returned,
      false,
      "the permit should have been used up by the first park()",
    );
    parker.unpark();
    await drainMicrotasks();
    assert.equal(second.returned, true);
  },
);

Deno.test(
  "unparks that come before the parked waiter resumes count as one",
  timeLimit,
  async () => {
    const parker = new Parker();
    const first = startParking(parker);
    parker.unpark();
    parker.unpark();
    parker.unpark();
    await drainMicrotasks();
    assert.equal(first.returned, true);
    const second = startParking(parker);
    await drainMicrotasks();
    assert.equal(
      second.returned,
      false,
      "the waiter resumed after all three unparks, so they were answered; no permit should be left",
    );
    parker.unpark();
    await drainMicrotasks();
  },
);
