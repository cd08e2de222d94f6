// A workflow whose step never ends: a worker stopped while running it must let
// it go for the next worker.
import { defineWorkflow } from "../mod.ts";

export const workflow = defineWorkflow(function* (ctx) {
  return yield* ctx.step("forever", () => new Promise<number>(() => {}));
});
