import assert from "node:assert/strict";
import { timeLimit } from "../_support/testing.ts";
import { Timer, TimerHeap } from "./timer_heap.ts";

/** Deterministic pseudo-random deadlines (a linear congruential generator). */
function deadlines(count: number, seed = 7): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    out.push(x % 1_000);
  }
  return out;
}

/** Pop everything and list the deadlines. */
function popAll(heap: TimerHeap): number[] {
  const out: number[] = [];
  for (let timer = heap.pop(); timer !== undefined; timer = heap.pop()) {
    out.push(timer.deadline);
  }
  return out;
}

const ascending = (a: number, b: number) => a - b;

Deno.test("the heap hands timers back in deadline order", timeLimit, () => {
  const heap = new TimerHeap();
  const all = deadlines(500);
  for (const deadline of all) heap.insert(deadline);
  assert.equal(heap.size, 500);
  assert.deepEqual(popAll(heap), [...all].sort(ascending));
  assert.equal(heap.size, 0);
  assert.equal(heap.pop(), undefined, "an empty heap pops nothing");
});

Deno.test(
  "peek shows the timer due first without taking it out",
  timeLimit,
  () => {
    const heap = new TimerHeap();
    assert.equal(heap.peek(), undefined);
    heap.insert(30);
    const first = heap.insert(10);
    heap.insert(20);
    assert.equal(heap.peek(), first);
    assert.equal(heap.size, 3);
  },
);

Deno.test(
  "timers due at the same time come out in the order they were set",
  timeLimit,
  () => {
    const heap = new TimerHeap();
    const set = [
      heap.insert(5),
      heap.insert(1),
      heap.insert(5),
      heap.insert(5),
    ];
    const order: Timer[] = [];
    for (let timer = heap.pop(); timer !== undefined; timer = heap.pop()) {
      order.push(timer);
    }
    assert.deepEqual(order, [set[1], set[0], set[2], set[3]]);
  },
);

Deno.test(
  "a removed timer never comes out, and the others stay in order",
  timeLimit,
  () => {
    const heap = new TimerHeap();
    const all = deadlines(300, 11);
    const timers = all.map((deadline) => heap.insert(deadline));
    const kept: number[] = [];
    timers.forEach((timer, i) => {
      if (i % 3 === 0) {
        assert.equal(heap.remove(timer), true);
        assert.equal(
          timer.pending,
          false,
          "a removed timer is no longer pending",
        );
      } else {
        kept.push(timer.deadline);
      }
    });
    assert.equal(heap.size, kept.length);
    assert.equal(heap.remove(timers[0]), false, "removing twice does nothing");
    assert.deepEqual(popAll(heap), kept.sort(ascending));
  },
);

Deno.test(
  "a timer is pending while it is in the heap, and not once it has been popped",
  timeLimit,
  () => {
    const heap = new TimerHeap();
    const timer = heap.insert(1);
    assert.equal(timer.pending, true);
    assert.equal(heap.pop(), timer);
    assert.equal(timer.pending, false);
  },
);

Deno.test(
  "inserts, removes and pops mixed together keep the heap in order",
  timeLimit,
  () => {
    const heap = new TimerHeap();
    const live = new Set<Timer>();
    const values = deadlines(2_000, 3);
    const popped: number[] = [];
    values.forEach((deadline, i) => {
      live.add(heap.insert(deadline));
      if (i % 5 === 4) {
        const [victim] = live;
        heap.remove(victim);
        live.delete(victim);
      }
      if (i % 7 === 6) {
        const first = heap.pop();
        assert.ok(first !== undefined);
        const smallest = Math.min(...[...live].map((t) => t.deadline));
        assert.equal(
          first.deadline,
          smallest,
          "pop must give the earliest deadline",
        );
        live.delete(first);
        popped.push(first.deadline);
      }
    });
    assert.equal(heap.size, live.size);
  },
);

Deno.test(
  "among many timers sharing a few deadlines, each deadline's timers come out in the order they were set",
  timeLimit,
  () => {
    const heap = new TimerHeap();
    const set = deadlines(300, 5).map((d) => heap.insert(d % 3));
    const popped: Timer[] = [];
    for (let timer = heap.pop(); timer !== undefined; timer = heap.pop()) {
      popped.push(timer);
    }
    const expected = [...set].sort((a, b) =>
      a.deadline - b.deadline || set.indexOf(a) - set.indexOf(b)
    );
    assert.deepEqual(
      popped.map((t) => set.indexOf(t)),
      expected.map((t) => set.indexOf(t)),
      "ties must be broken by the order of insert, whatever the heap's shape",
    );
  },
);

Deno.test(
  "a heap removes only its own timers, and says so",
  timeLimit,
  () => {
    const heap = new TimerHeap();
    const other = new TimerHeap();
    const mine = heap.insert(5);
    const theirs = other.insert(1); // sits at index 0 of the other heap
    assert.equal(heap.remove(theirs), false, "not in this heap");
    assert.equal(heap.peek(), mine, "and this heap's root is untouched");
    assert.equal(theirs.pending, true, "nor is the other heap's timer");
    const last = heap.insert(9);
    assert.equal(
      heap.remove(last),
      true,
      "the last timer in the array, removed",
    );
    assert.equal(heap.size, 1);
    assert.equal(
      new Timer(1, 0, undefined).pending,
      false,
      "a timer no heap holds is not pending",
    );
  },
);
