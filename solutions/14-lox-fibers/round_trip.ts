/**
 * The stress test behind `snapshotEvery`: every K instructions, the program's whole
 * VM state goes through `structuredClone` and the program goes on from the copy. If
 * anything in the state were not plain data (a JavaScript closure, a class instance
 * with methods) or if the VM kept state outside it, the program's output would
 * change; the corpus runs this way and must print exactly the same.
 *
 * @module
 */

import type { Host } from "./host.ts";
import type { Value } from "../../lessons/12-lox-compiler/value.ts";
import type { Program } from "../../lessons/13-lox-vm/vm.ts";

/**
 * The stress test behind `snapshotEvery`: copy the state of every live fiber of
 * `program` and its globals in one `structuredClone` (one copy, so what fibers
 * share, a closure or an upvalue, stays shared), and let each fiber go on from its
 * copy. The values the host holds for the program (messages in channels, results
 * of finished tasks) go in the same copy, so a value sent and received is still the
 * very object the sender has. Handles are kept: the host's resources stay the same.
 */
export function roundTrip(host: Host, program: Program): void {
  const fibers = [...host.fibers].filter((f) => f.program === program);
  // Slots above sp are dead (the VM only ever writes there): no need to copy them.
  for (const fiber of fibers) fiber.state.stack.length = fiber.state.sp;
  const copy = structuredClone({
    globals: program.globals,
    states: fibers.map((f) => f.state),
    values: host.values,
  });
  replaceGlobals(program, copy.globals);
  host.values.clear();
  for (const [key, value] of copy.values) host.values.set(key, value);
  fibers.forEach((fiber, i) => fiber.state = copy.states[i]);
}

/** Make `globals` the program's globals (the map object stays the same). */
export function replaceGlobals(
  program: Program,
  globals: Map<string, Value>,
): void {
  program.globals.clear();
  for (const [name, value] of globals) program.globals.set(name, value);
}
