import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 14, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Lox: fibers on your runtime",
  goal:
    "Make the VM a Future: a fiber runs a budget of instructions per poll and waits on runtime futures for natives such as sleep, channels and TCP, so no script can starve another; then save a running fiber as plain data and resume it.",
  files: ["fiber.ts", "snapshot.ts"],
  permissions: ["--allow-net=127.0.0.1"],
};
