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
import type { Value } from "./value.ts";
import type { Program } from "./vm.ts";

/**
 * The stress test behind `snapshotEvery`: copy the state of every live fiber of
 * `program` and its globals in one `structuredClone` (one copy, so what fibers
 * share, a closure or an upvalue, stays shared), and let each fiber go on from its
 * copy. Handles are kept: the host, and its resources, stay the same. Values held by
 * the host itself (messages in a channel, a finished task's result) are not copied.
 */
export function roundTrip(host: Host, program: Program): void {
  const fibers = [...host.fibers].filter((f) => f.program === program);
  const copy = structuredClone({
    globals: program.globals,
    states: fibers.map((f) => f.state),
  });
  replaceGlobals(program, copy.globals);
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
