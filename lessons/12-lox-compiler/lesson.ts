import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 12, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Lox: compiling to bytecode",
  goal:
    "Compile the resolved tree to clox's bytecode: constants, jumps and loops patched in place, closures with their upvalues, classes and methods, within clox's limits.",
  files: ["compiler.ts"],
  permissions: [],
  allowedToPassOnStarter: {
    "compiler: parse and resolver errors come back merged in source order":
      "compile() runs the parser and the resolver and merges their errors before any code is generated; that glue is given, and the test keeps it honest.",
    "compiler: absurd nesting is a compile error, not a crash":
      "The parser meets the nesting before any code is generated; compile()'s catch of the stack overflow is given code.",
  },
};
