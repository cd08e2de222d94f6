import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 15, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Workflows: a journal that survives kill -9",
  goal:
    "Write the two methods every durable guarantee rests on: commit, one SQLite transaction per durable point that first checks the worker still owns the workflow, and claim, which chooses and claims due work in one statement.",
  files: ["store.ts"],
  permissions: [],
};
