import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 04, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "A scheduler",
  goal:
    "Choose which ready task runs next, with FIFO, round robin with a poll budget, and priorities with a boost, and measure which of them let a task that stays ready starve the others.",
  files: ["policy.ts", "scheduler.ts", "yield_now.ts"],
  permissions: [],
};
