// A workflow that takes a step, sleeps, and takes another: what the end-to-end
// test starts, runs with `worker --until-idle`, and reads back with `show --json`.
import { defineWorkflow } from "../mod.ts";

export const workflow = defineWorkflow(function* (ctx) {
  const greeting = yield* ctx.step("greet", ({ put }) => {
    put("greeted", true);
    return "hello";
  });
  yield* ctx.sleep(150);
  return yield* ctx.step(
    "finish",
    ({ get }) => `${greeting}, ${get("greeted")}`,
  );
});
