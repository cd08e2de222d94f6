/**
 * `deno task bench [--mine] [--only GROUPS] [--json FILE]`: the runtime's benchmarks,
 * each beside its native Deno equivalent in the same `deno bench` run, then memory per
 * task and per timer. Every row is reported with its mean, its spread (fastest and
 * slowest iteration) and its ratio to the native baseline, and the load average
 * before and after, since a loaded machine moves every figure. On the reference
 * solution by default; `--mine` measures the runtime built from your lessons, once
 * every lesson it is built from passes.
 *
 * @module
 */

import { dirname, join, relative, resolve } from "node:path";
import {
  type BenchGroupResult,
  formatGroup,
  parseBenchJson,
} from "../bench_report.ts";
import type { Course } from "../course.ts";
import { UserError } from "../errors.ts";
import { referenceMap, writeImportMap } from "../import_map.ts";
import { bold, dim, red } from "../style.ts";
import { lessonsReady } from "../runtime_ready.ts";

/** Where the benchmarks are, from the course root. */
const BENCH_DIR = "runtime/bench";

/** The variable that tells the benchmark files which groups to run (select.ts). */
const ONLY_VARIABLE = "BOUNCE_BENCH_ONLY";

/** The name `--only` knows the memory readings by. */
const MEMORY = "memory";

/**
 * The name `--only` knows the workflow crash stress run by. It runs only when
 * named: 1,000 kills of real worker processes take minutes, not a benchmark's
 * seconds, and say nothing about speed.
 */
const WORKFLOW_CRASH = "workflow-crash";

/** How many workers the crash stress run kills. */
const CRASH_KILLS = 1000;

/** Where the crash stress run keeps its stores, from the course root. */
const CRASH_SCRATCH = ".bounce/workflow-tests";

/** What `deno task bench` was asked for. */
export interface BenchOptions {
  /** Measure the learner's lessons rather than the reference. */
  readonly mine?: boolean;
  /** Only these groups (and `memory`), separated by commas. */
  readonly only?: string;
  /** Also write every figure to this file, as JSON. */
  readonly json?: string;
}

/** One reading of memory.ts: bytes of heap per item. */
interface MemoryRow {
  readonly what: string;
  readonly bytes: number;
}

/** Run the benchmarks and the memory readings; resolves with the exit code. */
export async function benchCommand(
  course: Course,
  options: BenchOptions,
): Promise<number> {
  const files = await benchFiles(course);
  const wanted = chooseGroups(files, options.only);
  if (options.json !== undefined) await checkFolder(options.json);
  if (
    options.mine && !await lessonsReady(course, await benchModules(course), {
      what: "The benchmarks run",
      instead: "bench",
      insteadSays: "to benchmark the reference runtime",
    })
  ) return 1;
  const importMap = options.mine ? undefined : await writeImportMap(
    course.paths,
    "bench",
    await referenceMap(course.paths, course.lessons),
  );
  const mapArgs = importMap === undefined ? [] : [`--import-map=${importMap}`];
  console.log(
    options.mine
      ? "Benchmarking the runtime built from your lessons, against native Deno."
      : "Benchmarking the reference runtime, against native Deno (--mine for yours).",
  );
  const loadBefore = loadAverage();
  console.log(
    dim(`load average (1, 5, 15 min) before: ${loadBefore.join(" ")}`),
  );
  const groups: BenchGroupResult[] = [];
  let failed = false;
  for (const file of files) {
    const inFile = file.groups.filter((g) => wanted.has(g));
    if (inFile.length === 0 && file.groups.length > 0) continue;
    if (file.groups.length === 0 && options.only !== undefined) continue;
    const { success, stdout } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bench",
        "--json",
        "--no-prompt",
        "--allow-net=127.0.0.1",
        `--allow-env=${ONLY_VARIABLE}`,
        ...mapArgs,
        file.path,
      ],
      cwd: course.paths.root,
      env: options.only === undefined ? {} : { [ONLY_VARIABLE]: options.only },
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).output();
    const text = new TextDecoder().decode(stdout);
    let parsed: ReturnType<typeof parseBenchJson>;
    try {
      parsed = parseBenchJson(text);
    } catch {
      console.log(red(`${file.path}: deno bench did not finish`));
      failed = true;
      continue;
    }
    for (const failure of parsed.failures) {
      console.log(red(`${failure.name} failed: ${failure.error}`));
    }
    if (!success || parsed.failures.length > 0) failed = true;
    for (const group of parsed.groups) {
      console.log(`\n${formatGroup(group).join("\n")}`);
      groups.push(group);
    }
  }
  let memory: MemoryRow[] | undefined;
  if (wanted.has(MEMORY)) {
    memory = await readMemory(course, mapArgs);
    if (memory === undefined) failed = true;
  }
  let crash: unknown;
  if (wanted.has(WORKFLOW_CRASH)) {
    crash = await runCrashStress(course, importMap);
    if (crash === undefined) failed = true;
  }
  const loadAfter = loadAverage();
  console.log(
    dim(`\nload average (1, 5, 15 min) after: ${loadAfter.join(" ")}`),
  );
  if (options.json !== undefined) {
    const report = {
      version: 1,
      date: new Date().toISOString(),
      runtime: `Deno ${Deno.version.deno}`,
      mine: options.mine === true,
      loadAverage: { before: loadBefore, after: loadAfter },
      groups,
      memory: memory ?? null,
      workflowCrash: crash ?? null,
    };
    try {
      await Deno.writeTextFile(
        options.json,
        JSON.stringify(report, null, 2) + "\n",
      );
    } catch (error) {
      throw new UserError(
        `Could not write ${options.json}: ${(error as Error).message}`,
      );
    }
    console.log(`Wrote every figure to ${options.json}.`);
  }
  return failed ? 1 : 0;
}

/** Refuse, before minutes of benchmarks, a JSON file whose folder does not exist. */
async function checkFolder(file: string): Promise<void> {
  const folder = dirname(resolve(file));
  let isFolder = false;
  try {
    isFolder = (await Deno.stat(folder)).isDirectory;
  } catch {
    // Missing or unreadable: said below.
  }
  if (!isFolder) {
    throw new UserError(
      `--json ${file}: there is no folder ${folder} to write it in.`,
      2,
    );
  }
}

/** A benchmark file and the groups it declares. */
interface BenchFile {
  readonly path: string;
  readonly groups: readonly string[];
}

/** Every `*_bench.ts` of the bench folder, in name order, with its groups. */
async function benchFiles(course: Course): Promise<BenchFile[]> {
  const dir = join(course.paths.root, BENCH_DIR);
  const files: BenchFile[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith("_bench.ts")) continue;
    const text = await Deno.readTextFile(join(dir, entry.name));
    const groups = [...text.matchAll(/\bgroup:\s*"([^"]+)"/g)].map((m) => m[1]);
    files.push({
      path: `${BENCH_DIR}/${entry.name}`,
      groups: [...new Set(groups)],
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The groups to run: every one, or those `only` names; an unknown name is refused. */
function chooseGroups(
  files: readonly BenchFile[],
  only: string | undefined,
): Set<string> {
  const known = new Set([
    ...files.flatMap((f) => f.groups),
    MEMORY,
    WORKFLOW_CRASH,
  ]);
  if (only === undefined) {
    return new Set([...known].filter((g) => g !== WORKFLOW_CRASH));
  }
  const asked = only.split(",").map((g) => g.trim()).filter((g) => g !== "");
  const unknown = asked.filter((g) => !known.has(g));
  if (asked.length === 0 || unknown.length > 0) {
    throw new UserError(
      `${
        asked.length === 0
          ? "--only needs a group"
          : `No benchmark group ${unknown.map((g) => `"${g}"`).join(", ")}`
      }. The groups: ${[...known].map((g) => `"${g}"`).join(", ")}.`,
      2,
    );
  }
  return new Set(asked);
}

/** Run memory.ts and print its readings; `undefined` if it failed. */
async function readMemory(
  course: Course,
  mapArgs: readonly string[],
): Promise<MemoryRow[] | undefined> {
  const { success, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--v8-flags=--expose-gc",
      ...mapArgs,
      `${BENCH_DIR}/memory.ts`,
      "--json",
    ],
    cwd: course.paths.root,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!success) {
    console.log(red("The memory readings failed."));
    return undefined;
  }
  const { rows } = JSON.parse(new TextDecoder().decode(stdout)) as {
    rows: MemoryRow[];
  };
  console.log(
    `\n${bold("memory per item")} ${
      dim(
        "(heapUsed delta / the count, 1,000,000 unless said, after a full collection)",
      )
    }`,
  );
  for (const row of rows) {
    console.log(`  ${String(row.bytes).padStart(5)} bytes  ${row.what}`);
  }
  return rows;
}

/**
 * Run the workflow crash stress run (runtime/bench/workflow_crash.ts), its workers
 * on the same import map; its report, or `undefined` if it failed. It says its
 * progress and summary itself, on stderr.
 */
async function runCrashStress(
  course: Course,
  importMap: string | undefined,
): Promise<unknown> {
  console.log(
    `\n${bold("workflow crash stress")} ${
      dim(`(worker processes killed until ${CRASH_KILLS} kills)`)
    }`,
  );
  const { success, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      `--allow-read=${CRASH_SCRATCH}`,
      `--allow-write=${CRASH_SCRATCH}`,
      "--allow-run=deno",
      ...(importMap === undefined ? [] : [
        `--import-map=${importMap}`,
      ]),
      `${BENCH_DIR}/workflow_crash.ts`,
      `--kills=${CRASH_KILLS}`,
      ...(importMap === undefined ? [] : [`--worker-import-map=${importMap}`]),
    ],
    cwd: course.paths.root,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!success) {
    console.log(red("The workflow crash stress run failed."));
    return undefined;
  }
  return JSON.parse(new TextDecoder().decode(stdout));
}

/** The 1, 5 and 15 minute load averages, to two decimals. */
function loadAverage(): number[] {
  return Deno.loadavg().map((n) => Math.round(n * 100) / 100);
}

/** Every module of the bench folder, as a path from the course root. */
async function benchModules(course: Course): Promise<string[]> {
  const dir = join(course.paths.root, BENCH_DIR);
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".ts")) {
      files.push(relative(course.paths.root, join(dir, entry.name)));
    }
  }
  return files.sort();
}
