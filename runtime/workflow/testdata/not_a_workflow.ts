// A module that loads but exports no workflow: `start` must refuse it.
export const greeting = "hello";
