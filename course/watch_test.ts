/**
 * The watch loop, driven event by event with a stand-in course host: no processes,
 * no files written, no clocks, so each test is exact.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { discoverLessons, type Lesson } from "./lessons.ts";
import { coursePaths, thisCourse } from "./paths.ts";
import { INTERRUPTED_EXIT_CODE } from "./interrupt.ts";
import { type WatchedRun, WatchHost, WatchLoop } from "./watch.ts";

const FIXTURE = coursePaths(
  join(thisCourse().root, "course", "testdata", "fixture"),
);
const LESSONS = await discoverLessons(FIXTURE);

/** A run the test has yet to finish. */
interface PendingRun {
  readonly lesson: Lesson;
  readonly signal: AbortSignal;
  finish(run: WatchedRun | undefined): void;
}

/** A host that records what the loop prints and lets the test finish each run. */
class FakeHost implements WatchHost {
  readonly lessons: readonly Lesson[] = LESSONS;
  readonly printed: string[] = [];
  readonly hintsAsked: Lesson[] = [];
  clears = 0;
  readonly #runs: PendingRun[] = [];
  #waiting: ((run: PendingRun) => void) | undefined;

  run(lesson: Lesson, signal: AbortSignal): Promise<WatchedRun | undefined> {
    return new Promise((finish) => {
      const pending = { lesson, signal, finish };
      if (this.#waiting) {
        this.#waiting(pending);
        this.#waiting = undefined;
      } else this.#runs.push(pending);
    });
  }

  /** The next run the loop starts. */
  nextRun(): Promise<PendingRun> {
    const queued = this.#runs.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => this.#waiting = resolve);
  }

  intro(lesson: Lesson): string {
    return `INTRO ${lesson.number}`;
  }
  hint(lesson: Lesson): Promise<string> {
    this.hintsAsked.push(lesson);
    return Promise.resolve(`HINT ${lesson.number}`);
  }
  list(current: Lesson): Promise<string> {
    return Promise.resolve(`LIST at ${current.number}`);
  }
  lessonsDone(): number {
    return 0;
  }
  print(text: string): void {
    this.printed.push(text);
  }
  clear(): void {
    this.clears++;
  }

  /** Everything printed since the last call. */
  take(): string {
    return this.printed.splice(0).join("\n");
  }
}

const failing: WatchedRun = { report: "REPORT failing", passed: 1, total: 2 };
const passing: WatchedRun = { report: "REPORT passing", passed: 2, total: 2 };

function start(): { host: FakeHost; loop: WatchLoop; done: Promise<number> } {
  const host = new FakeHost();
  const loop = new WatchLoop(host, LESSONS[0], { terminal: true });
  return { host, loop, done: loop.run() };
}

/** Let the loop handle what has been pushed: a few turns of the job queue. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

Deno.test("the watch runs the lesson at once and ends with a status line", async () => {
  const { host, loop, done } = start();
  const run = await host.nextRun();
  assert.equal(run.lesson.number, 1);
  run.finish(failing);
  await settle();
  const shown = host.take();
  assert.match(shown, /INTRO 1/);
  assert.match(shown, /REPORT failing/);
  assert.match(shown, /── Lesson 1 of 2: does not pass yet, 1 of 2 tests pass/);
  assert.match(shown, /h hint · l list · n next/);
  loop.push({ kind: "key", key: "q" });
  assert.equal(await done, 1, "quitting on a failing lesson exits 1");
});

Deno.test("a lesson that starts to pass moves the watch on to the next one", async () => {
  const { host, loop, done } = start();
  (await host.nextRun()).finish(failing);
  await settle();
  loop.push({ kind: "saved", paths: [join(LESSONS[0].dir, "greet.ts")] });
  (await host.nextRun()).finish(passing);
  const next = await host.nextRun();
  assert.equal(next.lesson.number, 2, "the next run is lesson 2's");
  assert.equal(loop.lesson.number, 2);
  assert.match(host.take(), /Lesson 1 is done\. Moving on to lesson 2/);
  next.finish(passing);
  await settle();
  assert.match(host.take(), /last lesson: every one passes/);
  loop.push({ kind: "key", key: "q" });
  assert.equal(await done, 0, "quitting on a passing lesson exits 0");
});

Deno.test("going back to a lesson that passes does not bounce forward again", async () => {
  const { host, loop, done } = start();
  (await host.nextRun()).finish(failing);
  await settle();
  loop.push({ kind: "saved", paths: [join(LESSONS[0].dir, "greet.ts")] });
  (await host.nextRun()).finish(passing);
  (await host.nextRun()).finish(failing);
  loop.push({ kind: "key", key: "p" });
  const back = await host.nextRun();
  assert.equal(back.lesson.number, 1);
  back.finish(passing);
  await settle();
  assert.equal(loop.lesson.number, 1, "the learner chose lesson 1: it stays");
  assert.match(host.take(), /Press n for the next lesson/);
  loop.push({ kind: "key", key: "q" });
  assert.equal(await done, 0);
});

Deno.test("Ctrl-C during a run stops it, prints nothing more, and exits 130", async () => {
  const { host, loop, done } = start();
  const run = await host.nextRun();
  await settle();
  host.take();
  loop.push({ kind: "interrupt" });
  assert.equal(await done, INTERRUPTED_EXIT_CODE);
  assert.equal(run.signal.aborted, true, "the run under way is stopped");
  run.finish(failing);
  await settle();
  assert.equal(host.take(), "", "nothing is printed after Ctrl-C");
});

Deno.test("a save during a run drops that run and starts again", async () => {
  const { host, loop, done } = start();
  const first = await host.nextRun();
  loop.push({ kind: "saved", paths: [join(LESSONS[0].dir, "greet.ts")] });
  const second = await host.nextRun();
  assert.equal(first.signal.aborted, true);
  assert.equal(
    host.clears,
    1,
    "a re-run after a save starts on a clean screen",
  );
  first.finish(passing);
  await settle();
  assert.doesNotMatch(host.take(), /REPORT/, "the dropped run is not shown");
  second.finish(failing);
  await settle();
  assert.match(host.take(), /REPORT failing/);
  loop.push({ kind: "interrupt" });
  assert.equal(await done, INTERRUPTED_EXIT_CODE);
});

Deno.test("saves that cannot change the result start no run", async () => {
  const { host, loop, done } = start();
  (await host.nextRun()).finish(failing);
  loop.push({ kind: "saved", paths: [join(LESSONS[1].dir, "count.ts")] });
  loop.push({ kind: "saved", paths: [join(LESSONS[0].dir, "README.md")] });
  loop.push({ kind: "key", key: "r" });
  const rerun = await host.nextRun();
  assert.equal(rerun.lesson.number, 1);
  assert.equal(host.clears, 1, "only the r key started a run");
  loop.push({ kind: "interrupt" });
  await done;
});

Deno.test("h shows the next hint and l the list, each followed by the status line", async () => {
  const { host, loop, done } = start();
  (await host.nextRun()).finish(failing);
  await settle();
  host.take();
  loop.push({ kind: "key", key: "h" });
  await settle();
  const hint = host.take();
  assert.match(hint, /HINT 1/);
  assert.match(hint, /── Lesson 1 of 2/);
  assert.deepEqual(host.hintsAsked.map((l) => l.number), [1]);
  loop.push({ kind: "key", key: "l" });
  await settle();
  assert.match(host.take(), /LIST at 1/);
  loop.push({ kind: "key", key: "x" });
  await settle();
  assert.match(host.take(), /"x" is not a key/);
  loop.push({ kind: "key", key: "n" });
  assert.equal((await host.nextRun()).lesson.number, 2);
  loop.push({ kind: "key", key: "n" });
  await settle();
  assert.match(host.take(), /This is the last lesson/);
  loop.push({ kind: "interrupt" });
  await done;
});

Deno.test("the end of piped input quits once the run under way is shown", async () => {
  const host = new FakeHost();
  const loop = new WatchLoop(host, LESSONS[0], { terminal: false });
  const done = loop.run();
  const run = await host.nextRun();
  loop.push({ kind: "end" });
  await settle();
  assert.equal(run.signal.aborted, false, "the run is let finish");
  run.finish(passing);
  assert.equal(await done, 0);
  const shown = host.take();
  assert.match(shown, /REPORT passing/);
  assert.match(shown, /type a letter and Enter/);
});

Deno.test("an error inside the engine ends the watch with that error", async () => {
  const host = new FakeHost();
  host.run = () => Promise.reject(new Error("engine bug"));
  const loop = new WatchLoop(host, LESSONS[0], { terminal: true });
  await assert.rejects(loop.run(), /engine bug/);
});
