import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 09, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Cancellation and structured concurrency",
  goal:
    "Stop tasks cleanly: abort a task through its handle so its timers and waits are undone, release handles, timers and sockets with `using`, time out without leaking the loser, and run tasks in scopes that end only after their children and fail once, after cancelling the rest.",
  files: ["abort.ts", "timeout.ts", "scope.ts"],
  permissions: ["--allow-net=127.0.0.1"],
  allowedToPassOnStarter: {
    "a sleep held with `using` is cancelled when the block ends":
      "It shows `using` on lesson 05's Sleep, whose [Symbol.dispose] is given code that calls the learner's cancel(); it passes as soon as lesson 05 does.",
  },
};
