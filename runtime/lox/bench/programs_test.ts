import assert from "node:assert/strict";
import { runLox } from "../interpret.ts";
import {
  type LoxRunner,
  printed,
  runChecked,
  twinOutput,
  WrongOutputError,
} from "./check_output.ts";
import {
  benchProgram,
  PROGRAMS,
  UnknownProgramError,
  withSize,
} from "./programs.ts";

Deno.test("bench programs: each starts with its size, and withSize changes only that line", () => {
  for (const program of PROGRAMS) {
    assert.ok(program.size > 0, program.name);
    const resized = withSize(program, 7);
    assert.match(resized, /^var size = 7;$/m, program.name);
    assert.equal(
      resized.replace("var size = 7;", `var size = ${program.size};`),
      program.source,
      program.name,
    );
  }
  assert.throws(() => benchProgram("fibonacci"), UnknownProgramError);
});

Deno.test("bench programs: the VM prints each twin's checksums at small sizes", async () => {
  for (const program of PROGRAMS) {
    const size = program.name === "fib" ? 12 : 2;
    await runChecked(
      runLox,
      withSize(program, size),
      twinOutput(program, size),
      program.name,
    );
  }
});

Deno.test("bench programs: printed numbers look as clox prints them", () => {
  // fib(35) = 9227465 is an exact tie at six digits: C's %g rounds it to even.
  assert.equal(
    printed([832040, 9227465, 1e6, 0.5]),
    "832040\n9.22746e+06\n1e+06\n0.5\n",
  );
});

Deno.test("bench programs: a run that prints the wrong thing or fails is refused", async () => {
  const printing = (text: string, code: number): LoxRunner => (_source, io) => {
    io.stdout(text);
    return Promise.resolve(code);
  };
  await runChecked(printing("1\n", 0), "", "1\n", "right");
  await assert.rejects(
    runChecked(printing("2\n", 0), "", "1\n", "wrong output"),
    WrongOutputError,
  );
  await assert.rejects(
    runChecked(printing("1\n", 70), "", "1\n", "runtime error"),
    WrongOutputError,
  );
});
