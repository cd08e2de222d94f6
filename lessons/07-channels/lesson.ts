import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 07, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Channels and synchronisation",
  goal:
    "Build the primitives tasks use to share and pass data on one thread: a fair semaphore, a mutex held across awaits, notify without lost wake-ups, a oneshot, bounded and unbounded channels with backpressure, and a race that cancels its losers.",
  files: [
    "semaphore.ts",
    "mutex.ts",
    "notify.ts",
    "oneshot.ts",
    "channel.ts",
    "race.ts",
  ],
  permissions: [],
};
