/**
 * For the engine's tests: a throwaway course made of the fixture in
 * `testdata/fixture/` and a copy of this engine, and a way to type commands in it
 * as a learner would. The fixture is small, so tests of the engine do not depend
 * on the real lessons or on how fast the machine is.
 *
 * @module
 */

import { cp } from "node:fs/promises";
import { join } from "node:path";
import { thisCourse } from "./paths.ts";

const ENGINE = join(thisCourse().root, "course");
const FIXTURE = join(ENGINE, "testdata", "fixture");

/**
 * Make a fresh course in a temporary folder: the fixture's lessons, solutions,
 * README and starter snapshot, this engine, and `deno.json` with the fixture's
 * `test` settings. Returns its root.
 */
export async function copyOfFixture(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "bounce-fixture-" });
  await cp(FIXTURE, root, { recursive: true });
  await Deno.remove(join(root, "deno.json"));
  for await (const entry of Deno.readDir(ENGINE)) {
    if (entry.name === "testdata" || entry.name === "starters.json") continue;
    await cp(join(ENGINE, entry.name), join(root, "course", entry.name), {
      recursive: true,
    });
  }
  const config = JSON.parse(
    await Deno.readTextFile(join(thisCourse().root, "deno.json")),
  );
  const fixtureConfig = JSON.parse(
    await Deno.readTextFile(join(FIXTURE, "deno.json")),
  );
  config.test = fixtureConfig.test;
  await Deno.writeTextFile(
    join(root, "deno.json"),
    JSON.stringify(config, null, 2) + "\n",
  );
  await Deno.copyFile(
    join(thisCourse().root, "deno.lock"),
    join(root, "deno.lock"),
  );
  return root;
}

/** Run `body` in a fresh copy of the fixture course, removing it afterwards. */
export async function inFixture(
  body: (root: string) => Promise<void>,
): Promise<void> {
  const root = await copyOfFixture();
  try {
    await body(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** What a finished command said. */
export interface Outcome {
  /** Its exit code. */
  readonly code: number;
  /** What it printed. */
  readonly stdout: string;
  /** What it printed as errors. */
  readonly stderr: string;
}

/**
 * The environment every command of a test gets: no colour, and a time limit per
 * run of a lesson's tests far past anything the fixture needs, so a busy machine
 * never turns a verdict into a time-out. A test of the time limit sets its own.
 */
export const TEST_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  BOUNCE_TIME_LIMIT: "600",
};

/**
 * `deno task <args>` in the course at `root`, with no terminal and no colour, so
 * every answer is plain text and nothing asks. `env` adds variables.
 */
export async function task(
  root: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", ...args],
    cwd: root,
    env: { ...TEST_ENV, ...env },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

/** A line of a Deno stack trace: our commands must never print one. */
export const STACK_FRAME: RegExp = /^\s+at .*:\d+:\d+/m;
