import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 01, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Futures and polling",
  goal:
    "Write futures by hand as state machines that are polled, and combine them with map, andThen, join and select.",
  files: ["future.ts", "state_machines.ts", "combinators.ts"],
  permissions: [],
};
