/**
 * `deno task measure`: how fast the learner's loop answers, measured as a learner
 * meets it, in a throwaway copy of the course with lessons 1–3 done: `lesson 1` with
 * nothing changed, `lesson 1` after an edit, `list` after an edit, and a `--watch`
 * re-run after an edit; each the median of several tries. It prints figures; it
 * asserts nothing, since they depend on the machine and its load (also printed).
 *
 * `--engine DIR` measures another copy of the engine (e.g. an older `course/`) on the
 * same lessons; `--tries N` sets how many tries each figure is the median of.
 *
 * @module
 */

import { cp } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { thisCourse } from "./paths.ts";

const DONE_LESSONS = ["01-futures", "02-wakers", "03-executor"];
const EDITED = "lessons/01-futures/future.ts";

/** One try: wall-clock seconds, and CPU seconds of the whole process tree if known. */
interface Sample {
  readonly wall: number;
  readonly cpu?: number;
}

/** One measured figure. */
interface Figure {
  readonly what: string;
  readonly goal: number;
  readonly samples: readonly Sample[];
}

const USAGE =
  "usage: deno task measure [--tries N] [--engine DIR]  (DIR: another course/ to measure, for a before/after)";

async function main(args: string[]): Promise<number> {
  let values: { engine?: string; tries?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        engine: { type: "string" },
        tries: { type: "string", default: "5" },
      },
    }));
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : error}\n${USAGE}`,
    );
    return 2;
  }
  const tries = Math.max(1, Number(values.tries) || 5);
  const dir = await copyOfCourse(values.engine);
  try {
    console.log(
      `Measuring in ${dir} (${tries} tries each; load average ${loadAverage()})…`,
    );
    // Warm every cache a learner's machine would have warm: types, modules, results.
    await task(dir, {}, "lesson", "1");
    await task(dir, {}, "list");
    await task(dir, {}, "lesson", "1");
    const figures: Figure[] = [];
    const measure = async (
      what: string,
      goal: number,
      body: () => Promise<Sample>,
    ) => {
      const samples: Sample[] = [];
      for (let i = 0; i < tries; i++) samples.push(await body());
      figures.push({ what, goal, samples });
    };
    await measure(
      "lesson 1, nothing changed",
      0.5,
      () => timed(dir, "lesson", "1"),
    );
    await measure("lesson 1, after an edit", 1.0, async () => {
      await edit(dir);
      return await timed(dir, "lesson", "1");
    });
    await measure("list, after an edit of lesson 1", 3.0, async () => {
      await edit(dir);
      return await timed(dir, "list");
    });
    await measure(
      "lesson 1 --watch, re-run after an edit",
      1.0,
      () => watchRerun(dir),
    );
    await measure("lesson 1, after an edit, BOUNCE_TSGO=1", 1.0, async () => {
      await edit(dir);
      return await timed(dir, "lesson", "1", { BOUNCE_TSGO: "1" });
    });
    console.log("");
    for (const f of figures) {
      const wall = f.samples.map((s) => s.wall);
      const cpu = f.samples.flatMap((s) => s.cpu === undefined ? [] : [s.cpu]);
      console.log(
        `${f.what.padEnd(42)} ${medianOf(wall).toFixed(2)} s  (goal ≤ ${
          f.goal.toFixed(1)
        } s; tries: ${wall.map((s) => s.toFixed(2)).join(" ")}${
          cpu.length === 0 ? "" : `; CPU ${medianOf(cpu).toFixed(2)} s`
        })`,
      );
    }
    console.log(
      "\nCPU: user + system seconds of the whole process tree, which a loaded machine does not inflate much.",
    );
    console.log(
      `\n${navigator.hardwareConcurrency} cores; load average ${loadAverage()}; Deno ${Deno.version.deno}`,
    );
    return 0;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A copy of the course with lessons 1–3 done, and `engine` as its `course/`. */
async function copyOfCourse(engine?: string): Promise<string> {
  const root = thisCourse().root;
  const dir = await Deno.makeTempDir({ prefix: "bounce-measure-" });
  for (
    const entry of ["lessons", "solutions", "runtime", "deno.json", "deno.lock"]
  ) {
    await cp(join(root, entry), join(dir, entry), { recursive: true });
  }
  await cp(engine ?? join(root, "course"), join(dir, "course"), {
    recursive: true,
  });
  for (const id of DONE_LESSONS) {
    for await (const entry of Deno.readDir(join(dir, "solutions", id))) {
      if (!entry.name.endsWith(".ts")) continue;
      await Deno.copyFile(
        join(dir, "solutions", id, entry.name),
        join(dir, "lessons", id, entry.name),
      );
    }
  }
  return dir;
}

let edits = 0;

/** Change the edited file as a learner's save would: new content, same meaning. */
async function edit(dir: string): Promise<void> {
  await Deno.writeTextFile(
    join(dir, EDITED),
    `\n// edit ${++edits} at ${Date.now()}\n`,
    { append: true },
  );
}

/** `deno task <args>` in `dir`; resolves when it ends. */
async function task(
  dir: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<void> {
  await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", ...args],
    cwd: dir,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
}

/** GNU time, if the machine has it: it reports the CPU of a command and its children. */
const GNU_TIME = "/usr/bin/time";

/** How long a `deno task` takes, start to end. */
async function timed(dir: string, ...rest: unknown[]): Promise<Sample> {
  const env = typeof rest.at(-1) === "object"
    ? rest.pop() as Record<string, string>
    : {};
  const args = ["task", "--quiet", ...rest as string[]];
  const hasTime = await Deno.stat(GNU_TIME).then(() => true, () => false);
  const started = performance.now();
  const out = await new Deno.Command(hasTime ? GNU_TIME : Deno.execPath(), {
    args: hasTime ? ["-f", "BOUNCE-CPU %U %S", Deno.execPath(), ...args] : args,
    cwd: dir,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const wall = (performance.now() - started) / 1000;
  const cpu = /BOUNCE-CPU ([\d.]+) ([\d.]+)/.exec(
    new TextDecoder().decode(out.stderr),
  );
  return cpu === null
    ? { wall }
    : { wall, cpu: Number(cpu[1]) + Number(cpu[2]) };
}

/** A line that ends a lesson report, whatever its verdict. */
const REPORT_END =
  /^(?:All \d+ tests pass|\d+ of \d+ tests pass\.|Your code does not type-check|The tests could not start|Your code did not finish)/gm;

/**
 * Seconds from a save to the end of the report `--watch` prints for it: watch is
 * started, its first report awaited, then the file edited.
 */
async function watchRerun(dir: string): Promise<Sample> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "lesson", "1", "--watch"],
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const reports = async (count: number): Promise<void> => {
    while ((text.match(REPORT_END) ?? []).length < count) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`watch ended early:\n${text}`);
      text += value;
    }
  };
  try {
    await reports(1);
    // Give the watcher a moment to be listening before the save.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = (text.match(REPORT_END) ?? []).length;
    const started = performance.now();
    await edit(dir);
    await reports(seen + 1);
    return { wall: (performance.now() - started) / 1000 };
  } finally {
    child.kill("SIGINT");
    await reader.cancel().catch(() => {});
    await child.stdin.close().catch(() => {});
    await child.status;
  }
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function loadAverage(): string {
  return Deno.loadavg().map((n) => n.toFixed(2)).join(" ");
}

if (import.meta.main) Deno.exit(await main(Deno.args));
