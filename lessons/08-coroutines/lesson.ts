import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 08, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "async/await under the hood",
  goal:
    "See how an async function becomes a state machine by driving generator coroutines as tasks, bridge runtime futures and native promises both ways, and build a promise on your own job queue that passes all 872 tests of the Promises/A+ suite.",
  files: ["coroutine.ts", "bridge.ts", "job_queue.ts", "promise.ts"],
  permissions: ["--allow-env=COV,DEBUG,DEBUG_FD,MOCHA_COLORS"],
  quickRun: {
    args: ["--quick"],
    note:
      "This run left out the Promises/A+ suite's 180 slow 'eventually' cases and stopped at its first failure.",
  },
  timeLimitSeconds: 60,
};
