import assert from "node:assert/strict";
import { compile } from "../../lessons/12-lox-compiler/compiler.ts";
import { runCaptured } from "./testing.ts";

// Reading the examples needs --allow-read=runtime/examples; without it, these
// tests are reported as ignored rather than passing.
const examples = new URL("../examples/", import.meta.url);
const readable = Deno.permissions.querySync({
  name: "read",
  path: examples.pathname,
}).state === "granted";

async function example(name: string): Promise<string> {
  return await Deno.readTextFile(new URL(name, examples));
}

Deno.test({
  name:
    "producer_consumer.lox: every job is done once, in the same order every run",
  ignore: !readable,
  async fn() {
    const ran = await runCaptured(await example("producer_consumer.lox"));
    assert.deepEqual(ran, {
      stdout: [
        "fast finished a job",
        "fast finished a job",
        "produced 6 jobs",
        "slow finished a job",
        "fast finished a job",
        "fast finished a job",
        "slow finished a job",
        "21",
        "",
      ].join("\n"),
      stderr: "",
      code: 0,
    });
  },
});

Deno.test({
  name: "spin_and_tick.lox: the ticks are on time although another fiber spins",
  ignore: !readable,
  async fn() {
    const ran = await runCaptured(await example("spin_and_tick.lox"));
    assert.deepEqual(ran, {
      stdout: "tick\n100\ntick\n200\ntick\n300\ntick\n400\ntick\n500\ntrue\n",
      stderr: "",
      code: 0,
    });
  },
});

Deno.test({
  name: "the echo server and client compile",
  ignore: !readable,
  async fn() {
    // They serve and dial the fixed port 7777, so they are not run here; the echo
    // test in natives_test.ts runs the same natives on a free port.
    for (const name of ["echo_server.lox", "echo_client.lox"]) {
      assert.ok("fn" in compile(await example(name)), `${name} compiles`);
    }
  },
});
