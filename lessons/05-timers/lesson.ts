import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 05, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Timers",
  goal:
    "Give the runtime a sense of time: a clock tests can control, a heap of timers, sleep, timeout and interval as futures, and an event loop that parks until the next deadline.",
  files: ["clock.ts", "timer_heap.ts", "timers.ts", "event_loop.ts"],
  permissions: [],
};
