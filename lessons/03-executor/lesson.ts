import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 03, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "An executor",
  goal:
    "Run many tasks on one thread: spawn them, queue each woken task exactly once, join their results, contain their failures and detect deadlock.",
  files: ["task.ts", "executor.ts"],
  permissions: [],
};
