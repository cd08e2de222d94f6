import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 10, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Lox: scanning and parsing",
  goal:
    "Turn Lox source into a syntax tree: a recursive-descent parser with Pratt parsing for expressions, clox's exact error messages, and panic-mode recovery that reports every error in one run.",
  files: ["parser.ts"],
  permissions: [],
};
