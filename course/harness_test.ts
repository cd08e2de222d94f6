import assert from "node:assert/strict";
import { definitionOf, withTimeLimit } from "./harness.ts";

const body = () => {};

Deno.test("every form of Deno.test comes to one definition", () => {
  assert.deepEqual(definitionOf(["a", body]), { name: "a", fn: body });
  assert.deepEqual(definitionOf(["b", { timeout: 5 }, body]), {
    name: "b",
    timeout: 5,
    fn: body,
  });
  assert.deepEqual(definitionOf([{ name: "c", fn: body }]), {
    name: "c",
    fn: body,
  });
  assert.deepEqual(definitionOf([{ name: "d", ignore: true }, body]), {
    name: "d",
    ignore: true,
    fn: body,
  });
  function named() {}
  assert.deepEqual(definitionOf([named]), { name: "named", fn: named });
});

Deno.test("a test's own time limit gives way to the run's policy", () => {
  const asked = { name: "t", fn: body, timeout: 2_000 };
  assert.equal(withTimeLimit(asked, 10_000).timeout, 10_000);
  assert.equal("timeout" in withTimeLimit(asked, undefined), false);
  const none = { name: "u", fn: body };
  assert.equal(withTimeLimit(none, 10_000).timeout, undefined);
});
