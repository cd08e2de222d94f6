/**
 * `deno task bench [--mine]`: the runtime's benchmarks, each beside its native Deno
 * equivalent in the same `deno bench` run, then memory per task and per timer. On the
 * reference solution by default; `--mine` measures the runtime built from your lessons.
 *
 * @module
 */

import type { Course } from "../course.ts";
import { referenceMap, writeImportMap } from "../import_map.ts";

/** Run the benchmarks and the memory readings; resolves with the exit code. */
export async function benchCommand(
  course: Course,
  options: { readonly mine?: boolean },
): Promise<number> {
  const mapArgs = options.mine ? [] : [
    `--import-map=${await writeImportMap(
      course.paths,
      "bench",
      await referenceMap(course.paths, course.lessons),
    )}`,
  ];
  console.log(
    options.mine
      ? "Benchmarking the runtime built from your lessons, against native Deno."
      : "Benchmarking the reference runtime, against native Deno (--mine for yours).",
  );
  const steps = [
    [
      "bench",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      ...mapArgs,
      "runtime/bench/",
    ],
    [
      "run",
      "--no-prompt",
      "--v8-flags=--expose-gc",
      ...mapArgs,
      "runtime/bench/memory.ts",
    ],
  ];
  for (const args of steps) {
    const { success } = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: course.paths.root,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!success) return 1;
  }
  return 0;
}
