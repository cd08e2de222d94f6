import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 12, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Lox: compiling to bytecode",
  goal:
    "Compile the resolved tree to clox's bytecode: constants, jumps and loops patched in place, closures with their upvalues, classes and methods, within clox's limits.",
  files: ["compiler.ts"],
  permissions: [],
};
