import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 06, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "IO and the reactor",
  goal:
    "Turn Deno's completion-style TCP into readiness the runtime's futures can wait on: a reactor that wakes exactly the waiting task, streams with backpressure, and an echo server that serves many clients at once.",
  files: ["reactor.ts", "tcp.ts", "echo.ts"],
  permissions: ["--allow-net=127.0.0.1"],
};
