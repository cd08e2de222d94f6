import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 11, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Lox: resolving names",
  goal:
    "Decide, before anything runs, where every name lives (a local slot, a captured upvalue or a global) and report the scope errors clox reports, so the compiler only has to generate code.",
  files: ["resolver.ts"],
  permissions: [],
};
