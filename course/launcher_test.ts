import assert from "node:assert/strict";
import { taskPrefix } from "./launcher.ts";

Deno.test("a learner who started Deno through npx is told the npx form", () => {
  assert.equal(
    taskPrefix({ npmCommand: "exec", npmEvent: "npx" }, "2.9.6"),
    "npx -y deno@2.9.6 task",
  );
  assert.equal(
    taskPrefix({ npmEvent: "npx" }, "2.9.6"),
    "npx -y deno@2.9.6 task",
  );
});

Deno.test("a learner with Deno installed is told deno task", () => {
  assert.equal(taskPrefix({}, "2.9.6"), "deno task");
  assert.equal(taskPrefix({ npmCommand: "run-script" }, "2.9.6"), "deno task");
});
