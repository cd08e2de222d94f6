// A workflow that waits for a signal named "approve" and returns its value.
import { defineWorkflow } from "../mod.ts";

export const workflow = defineWorkflow(function* (ctx) {
  const answer = yield* ctx.waitSignal("approve");
  return { approved: answer };
});
