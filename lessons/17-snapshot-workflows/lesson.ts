import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 17, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Workflows: saving the fiber whole",
  goal:
    "Make a Lox script durable with no replay: at each durable point, save its fiber whole in the same transaction as the step it records, and resume a later activation from that snapshot.",
  files: ["snapshot.ts"],
  permissions: ["--allow-read=runtime/examples"],
};
