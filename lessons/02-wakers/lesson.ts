import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 02, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Wakers",
  goal:
    "Drive one future to completion with blockOn, polling it only after its waker is called, and never losing a wake.",
  files: ["parker.ts", "signal.ts", "block_on.ts"],
  permissions: [],
};
