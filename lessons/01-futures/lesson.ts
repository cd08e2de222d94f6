import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 01, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Futures and polling",
  goal:
    "Write futures by hand as state machines that are polled, and combine them with map, andThen, join and select.",
  files: ["future.ts", "state_machines.ts", "combinators.ts"],
  permissions: [],
  hints: [
    `A \`Poll\` is a plain object: \`{ ready: true, value }\` when finished (build it with
\`ready(value)\`), \`{ ready: false }\` when not (return the shared \`PENDING\`). To read an
inner future's answer, test \`polled.ready\`, never \`polled === PENDING\`: other futures,
like the tests' \`Probe\`, make their own \`{ ready: false }\`. Once you have returned
early on \`!polled.ready\`, TypeScript lets you read \`polled.value\`.`,
    `Nothing survives on the stack between two polls, so a future remembers where it got to
in its own fields. Give each class private fields (\`#done\`, \`#remaining\`, \`#polls\`,
\`#state\`) and update them before you return. For \`AddBoth\`, a union such as
\`{ step: "awaiting first" } | { step: "awaiting second"; first: number } | { step: "done" }\`
lets each state carry what it needs. Use two \`if\` blocks one after the other (not
\`else if\`), so one poll can pass through both states.`,
    `Answering \`PENDING\` is a promise that someone will call \`cx.waker.wake()\`.
\`YieldNow\` and \`Countdown\` wait for nothing but a turn, so they call
\`cx.waker.wake()\` themselves just before \`return PENDING\`. Futures that wait on other
futures (\`AddBoth\`, the combinators) never wake: they pass the same \`cx\` down and pass
the inner "not yet" on. For a combinator, return \`{ poll(cx) { ... } }\` closing over
\`let\` variables, one of them a \`done\` flag that makes a later poll throw
\`PolledAfterCompletionError\`.`,
    `\`andThen\` has two phases: keep \`let second: Future<B> | undefined\`. While it is
\`undefined\`, poll \`future\`; when that is ready, set \`second = next(value)\` and fall
through to \`second.poll(cx)\` in the same poll. \`join\` keeps each side's latest answer,
\`let a: Poll<A> = PENDING\` (and \`b\` likewise), re-polls a side only while
\`!a.ready\`, and answers \`ready([a.value, b.value])\` once both are ready. \`select\`
polls \`first\` and returns at once if it is ready; only otherwise does it poll
\`second\`.`,
  ],
};
