import assert from "node:assert/strict";
import { drainMicrotasks, test } from "../_support/testing.ts";
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

test("park() waits until unpark() is called", async () => {
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

test("an unpark() that comes before park() is kept as a permit", async () => {
  const parker = new Parker();
  parker.unpark();
  const parked = startParking(parker);
  await drainMicrotasks();
  assert.equal(parked.returned, true, "the earlier unpark() was lost");
});

test("many unpark() calls before park() leave one permit, not many", async () => {
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
});
