import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 13, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Lox: a VM whose state is data",
  goal:
    "Run bytecode in one flat loop whose whole state (value stack, call frames, open upvalues, globals) is plain data, for a budget of instructions at a time, with clox's runtime errors and traces.",
  files: ["vm.ts"],
  permissions: [],
};
