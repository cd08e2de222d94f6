// A workflow whose second step throws: it fails, and its journal says where.
import { defineWorkflow } from "../mod.ts";

export const workflow = defineWorkflow(function* (ctx) {
  yield* ctx.step("check", () => 1);
  yield* ctx.step("charge", () => {
    throw new Error("card declined");
  });
  return "unreachable";
});
