import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 16, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Workflows: replay",
  goal:
    "Make a TypeScript generator durable by replay: journal each step's result before the workflow sees it, answer recorded steps without running them, park in sleeps and signal waits, and stop with a non-determinism error when the code no longer matches its journal.",
  files: ["replay.ts"],
  permissions: [],
};
