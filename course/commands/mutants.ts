/**
 * `deno task mutants [N] [--file NAME] [--json FILE]` (course authors): how many
 * plausible mistakes in each lesson's reference its tests catch. StrykerJS (installed
 * in `tools/mutation/` on first use) mutates `solutions/NN-slug/*.ts` and runs the
 * lesson's tests on each mutant, through an import map as every other command does.
 * Mutants that do not type-check are left out of the score. Prints, per lesson, the
 * mutants, how many were killed, the score, and every survivor (file, line, change).
 *
 * @module
 */

import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Course, mapConcurrently } from "../course.ts";
import { parseTypeErrors } from "../deno_output.ts";
import { UserError } from "../errors.ts";
import { type ImportMap, referenceMap, writeImportMap } from "../import_map.ts";
import { findLesson, type Lesson } from "../lessons.ts";
import {
  applyHandMutant,
  describeMutant,
  GOAL_MUTANTS,
  GOAL_SCORE,
  HAND_MUTANTS_FILE,
  type HandMutant,
  HandMutantError,
  type LessonScore,
  meetsGoal,
  type Mutant,
  mutationDir,
  onlyTimeLimits,
  parseHandMutants,
  readReport,
  relativeImportMap,
  relocateImports,
  scoreLesson,
  strykerConfig,
} from "../mutation.ts";
import type { CoursePaths } from "../paths.ts";
import { bold, dim, FAIL, PASS, yellow } from "../style.ts";
import { runDeno, runTests, type TestRun } from "../test_run.ts";

/** Options of the `mutants` command. */
export interface MutantsOptions {
  /** Mutate only this reference module of the lesson, e.g. `semaphore.ts`. */
  readonly file?: string;
  /** Also write the scores and survivors as JSON here. */
  readonly json?: string;
}

/** Test runs at once: the machine has two cores. */
const CONCURRENCY = 2;

/** Tries at Stryker's initial run when only tests' time limits fail it. */
const INITIAL_RUN_ATTEMPTS = 3;

/** How long type-checking one lesson's mutants may take. */
const CHECK_TIME_LIMIT_MS = 300_000;

/** Measure one lesson, or all; resolves with 0 only if each meets the goal. */
export async function mutantsCommand(
  course: Course,
  lessonArg: string | undefined,
  options: MutantsOptions,
): Promise<number> {
  const lessons = lessonArg === undefined
    ? course.lessons
    : [findLesson(course.lessons, lessonArg)];
  if (options.file !== undefined && lessons.length !== 1) {
    throw new UserError(
      "--file needs a lesson number: mutants N --file x.ts",
      2,
    );
  }
  // Every mistake in the input is found before the minutes of work begin.
  const plans = [];
  for (const lesson of lessons) {
    const modules = options.file === undefined
      ? lesson.modules
      : [moduleNamed(lesson, options.file)];
    const handWritten = (await readHandMutants(course.paths, lesson))
      .filter(({ entry }) => modules.includes(entry.file));
    plans.push({ lesson, modules, handWritten });
  }
  const stryker = await ensureStryker(course.paths);
  const started = performance.now();
  const scores: LessonScore[] = [];
  for (const { lesson, modules, handWritten } of plans) {
    console.log(bold(`${lesson.id}: mutating ${modules.join(", ")}`));
    const lessonStarted = performance.now();
    let score: LessonScore;
    try {
      const instrumented = await runStryker(course, lesson, modules, stryker);
      const untyped = await untypedMutants(course, lesson, instrumented);
      const mutants = await recheckSlowKills(
        course,
        lesson,
        instrumented,
        untyped,
      );
      const hand = await runHandMutants(course, lesson, handWritten);
      score = scoreLesson(lesson.id, [...mutants, ...hand], untyped);
    } catch (error) {
      // One lesson that cannot be measured (its tests fail on the reference, say)
      // does not cost the others their results.
      if (!(error instanceof UserError)) throw error;
      console.log(`${FAIL} ${lesson.id}: ${error.message}\n`);
      score = { ...scoreLesson(lesson.id, []), problem: error.message };
    }
    scores.push(score);
    if (score.problem === undefined) {
      printScore(score, (performance.now() - lessonStarted) / 1000);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  printTable(scores, seconds);
  if (options.json !== undefined) {
    await Deno.writeTextFile(
      options.json,
      JSON.stringify(
        {
          tool: `StrykerJS ${await strykerVersion(course.paths)}`,
          goal: { score: GOAL_SCORE, mutants: GOAL_MUTANTS },
          seconds: Math.round(seconds),
          lessons: scores.map((s) => ({
            ...s,
            survivors: s.survivors.map(({ mutated: _, ...rest }) => rest),
            killedByTimeLimit: s.killedByTimeLimit.map(
              ({ mutated: _, ...rest }) => rest,
            ),
          })),
        },
        null,
        2,
      ) + "\n",
    );
    console.log(`Written: ${options.json}`);
  }
  return scores.every(meetsGoal) ? 0 : 1;
}

function moduleNamed(lesson: Lesson, file: string): string {
  const name = file.split("/").at(-1) ?? file;
  if (lesson.modules.includes(name)) return name;
  throw new UserError(
    `lesson ${lesson.id} has no module "${file}": it has ${
      lesson.modules.join(", ")
    }`,
    2,
  );
}

/** The Stryker entry point, installing it from the lock file the first time. */
async function ensureStryker(paths: CoursePaths): Promise<string> {
  const tool = join(paths.root, "tools", "mutation");
  const bin = join(
    tool,
    "node_modules",
    "@stryker-mutator",
    "core",
    "bin",
    "stryker.js",
  );
  if (await exists(bin)) return bin;
  console.log(dim("Installing StrykerJS into tools/mutation (once)…"));
  let installed = false;
  try {
    const { success } = await new Deno.Command("npm", {
      args: ["ci", "--no-audit", "--no-fund"],
      cwd: tool,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    installed = success;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (!installed || !await exists(bin)) {
    throw new UserError(
      "mutation testing needs Node.js and npm to install StrykerJS: " +
        "`npm ci` in tools/mutation did not succeed.",
    );
  }
  return bin;
}

/** Run Stryker on `modules` of `lesson` and read what it found. */
async function runStryker(
  course: Course,
  lesson: Lesson,
  modules: readonly string[],
  stryker: string,
): Promise<Mutant[]> {
  const { paths } = course;
  const dir = mutationDir(paths, lesson);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  // In a folder of its own, the one part of the state folder the sandbox copies.
  const mapDir = join(dir, "map");
  await Deno.mkdir(mapDir);
  const importMap = join(mapDir, "import_map.json");
  const absolute = await referenceMap(paths, course.lessons);
  await Deno.writeTextFile(
    importMap,
    JSON.stringify(relativeImportMap(paths, absolute, mapDir), null, 2) + "\n",
  );
  const configFile = join(dir, "stryker.config.json");
  const config = strykerConfig(paths, {
    lesson,
    modules,
    importMap,
    deno: Deno.execPath(),
    concurrency: CONCURRENCY,
  });
  await Deno.writeTextFile(configFile, JSON.stringify(config, null, 2) + "\n");
  const reportFile = join(dir, "report.json");
  for (let attempt = 1;; attempt++) {
    const run = await strykerRun(paths, stryker, configFile);
    const text = await Deno.readTextFile(reportFile).catch(() => undefined);
    if (run.code === 0 && text !== undefined) {
      return readReport(JSON.parse(text));
    }
    const initialRunFailed = /initial test run/.test(run.output);
    // The instrumented modules hold every mutant's switch, which slows hot loops:
    // on a busy machine a test can pass its own time limit on the reference itself.
    const onlySlow = initialRunFailed && onlyTimeLimits(run.output);
    if (onlySlow && attempt < INITIAL_RUN_ATTEMPTS) {
      console.log(dim(
        "  The initial run passed a test's time limit (a busy machine?): trying again.",
      ));
      continue;
    }
    const hint = onlySlow
      ? "\nOnly tests' time limits failed: the instrumented reference runs slower. " +
        "Try again on a quieter machine."
      : initialRunFailed
      ? "\nThe lesson's tests do not all pass on its reference: see `deno task check`."
      : "";
    const last = run.output.trim().split("\n").slice(-30).join("\n");
    throw new UserError(
      `StrykerJS failed on ${lesson.id} (exit ${run.code}). Its last lines:\n${last}${hint}`,
    );
  }
}

/** Run Stryker with `configFile`, showing its progress lines as they come. */
async function strykerRun(
  paths: CoursePaths,
  stryker: string,
  configFile: string,
): Promise<{ code: number; output: string }> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("node", {
      args: [stryker, "run", relative(paths.root, configFile)],
      cwd: paths.root,
      env: { NO_COLOR: "1", FORCE_COLOR: "0" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new UserError(
      "mutation testing needs Node.js: `node` was not found.",
    );
  }
  const errorText = new Response(child.stderr).text();
  // The rest is kept, for a failure.
  const lines: string[] = [];
  for await (const line of linesOf(child.stdout)) {
    if (/^Mutation testing \d+%/.test(line)) console.log(dim(`  ${line}`));
    lines.push(line);
  }
  const { code } = await child.status;
  return { code, output: `${lines.join("\n")}\n${await errorText}` };
}

/**
 * The ids of `mutants` that do not type-check. Each mutated module is written on its
 * own, its imports pointed back at what the original imports, and all are checked in
 * one `deno check` against the reference.
 */
async function untypedMutants(
  course: Course,
  lesson: Lesson,
  mutants: readonly Mutant[],
): Promise<Set<string>> {
  const { paths } = course;
  const dir = join(mutationDir(paths, lesson), "typecheck");
  await Deno.mkdir(dir, { recursive: true });
  const byFile = new Map<string, string>();
  for (const mutant of mutants) {
    if (mutant.status === "Ignored") continue;
    const file = join(dir, `m${mutant.id}_${mutant.file}`);
    await Deno.writeTextFile(
      file,
      relocateImports(mutant.mutated, join(lesson.solutionDir, mutant.file)),
    );
    byFile.set(pathToFileURL(file).href, mutant.id);
  }
  if (byFile.size === 0) return new Set();
  // The course's deno.json excludes the state folder from `deno check`, so these
  // files are checked under a config of their own: the course's compiler options,
  // and an import map that puts every lesson on the reference.
  const map = await writeImportMap(
    paths,
    `mutants-${lesson.id}`,
    await referenceMap(paths, course.lessons),
  );
  const config = join(dir, "deno.json");
  await Deno.writeTextFile(
    config,
    JSON.stringify({
      compilerOptions: await compilerOptions(paths),
      importMap: map,
      lock: false,
    }),
  );
  const output = await runDeno(
    paths.root,
    [
      "check",
      "--quiet",
      `--config=${config}`,
      ...[...byFile.keys()].map((url) =>
        relative(paths.root, fileURLToPath(url))
      ),
    ],
    CHECK_TIME_LIMIT_MS,
  );
  if (output.timedOut) {
    throw new UserError(`type-checking ${lesson.id}'s mutants took too long`);
  }
  const untyped = new Set<string>();
  for (const error of parseTypeErrors(output.stderr)) {
    const id = byFile.get(error.file);
    if (id !== undefined) untyped.add(id);
  }
  if (
    (output.code !== 0 && untyped.size === 0) ||
    /No matching files/.test(output.stderr)
  ) {
    throw new UserError(
      `type-checking ${lesson.id}'s mutants failed:\n${output.stderr.trim()}`,
    );
  }
  return untyped;
}

/** A hand-written mutant of a lesson, applied to its module, not yet run. */
interface HandPlan {
  readonly entry: HandMutant;
  readonly mutant: Mutant;
}

/**
 * The lesson's hand-written mutants (see `HAND_MUTANTS_FILE`), each applied to the
 * module it names; none if the lesson lists none. A mistake in the list is a
 * {@linkcode UserError}.
 */
async function readHandMutants(
  paths: CoursePaths,
  lesson: Lesson,
): Promise<HandPlan[]> {
  const listFile = join(lesson.solutionDir, HAND_MUTANTS_FILE);
  const text = await Deno.readTextFile(listFile).catch((error) => {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  });
  if (text === undefined) return [];
  try {
    const entries = parseHandMutants(
      text,
      relative(paths.root, listFile),
      lesson.modules,
    );
    const plans: HandPlan[] = [];
    for (const [i, entry] of entries.entries()) {
      const source = await Deno.readTextFile(
        join(lesson.solutionDir, entry.file),
      );
      plans.push({
        entry,
        mutant: applyHandMutant(entry, source, `h${i + 1}`),
      });
    }
    return plans;
  } catch (error) {
    if (error instanceof HandMutantError) throw new UserError(error.message, 2);
    throw error;
  }
}

/**
 * Run hand-written mutants, two at a time. Each is written under the state folder
 * and reached through the reference import map with the one module's keys (starter
 * and reference) sent to it; the run type-checks it, and one that does not compile
 * is reported.
 */
async function runHandMutants(
  course: Course,
  lesson: Lesson,
  plans: readonly HandPlan[],
): Promise<Mutant[]> {
  const reference = await referenceMap(course.paths, course.lessons);
  return await mapConcurrently(
    plans,
    CONCURRENCY,
    async ({ entry, mutant }) => {
      const run = await runAlone(course, lesson, mutant, reference, "hand");
      const status = statusOf(run);
      if (status === "CompileError" || status === "RuntimeError") {
        console.log(yellow(
          `    hand-written mutant ${mutant.id} (${entry.why}) could not run: ${
            run.kind === "type-errors"
              ? run.errors.map((e) => `${e.code} ${e.message}`).join("; ")
              : run.kind === "failed-to-start"
              ? run.message
              : status
          }`,
        ));
      }
      return { ...mutant, status };
    },
  );
}

/**
 * Run again, alone and uninstrumented, each mutant of `mutants` that only tests'
 * time limits killed under Stryker: its instrumentation slows hot loops, so such a
 * kill may be no more than that. One that passes now survived; one that fails again
 * stays killed (a hang, or code truly slower), and stays listed as slow.
 */
async function recheckSlowKills(
  course: Course,
  lesson: Lesson,
  mutants: readonly Mutant[],
  untyped: ReadonlySet<string>,
): Promise<Mutant[]> {
  const slow = mutants.filter((m) => m.killedByTimeLimit && !untyped.has(m.id));
  if (slow.length === 0) return [...mutants];
  console.log(dim(
    `  Running ${slow.length} mutants killed only by tests' time limits again, uninstrumented…`,
  ));
  const reference = await referenceMap(course.paths, course.lessons);
  const verdicts = new Map<string, string>();
  await mapConcurrently(slow, CONCURRENCY, async (mutant) => {
    const run = await runAlone(course, lesson, mutant, reference, "recheck");
    verdicts.set(mutant.id, statusOf(run));
  });
  return mutants.map((mutant) => {
    const verdict = verdicts.get(mutant.id);
    if (
      verdict === undefined || verdict === "Killed" || verdict === "Timeout"
    ) {
      return mutant;
    }
    // Survived, or (its tests' types broken by it) could not run: not a kill.
    return { ...mutant, status: verdict, killedByTimeLimit: false };
  });
}

/**
 * Run the lesson's tests on `mutant` alone: it is written under the state folder
 * and reached through the reference import map with the one module's keys (its
 * starter's and its reference's) sent to it. The run type-checks it.
 */
async function runAlone(
  course: Course,
  lesson: Lesson,
  mutant: Mutant,
  reference: ImportMap,
  kind: string,
): Promise<TestRun> {
  const { paths } = course;
  const original = join(lesson.solutionDir, mutant.file);
  const dir = join(mutationDir(paths, lesson), kind, mutant.id);
  await Deno.mkdir(dir, { recursive: true });
  const file = join(dir, mutant.file);
  await Deno.writeTextFile(file, relocateImports(mutant.mutated, original));
  const importMap = join(dir, "import_map.json");
  const mutantUrl = pathToFileURL(file).href;
  await Deno.writeTextFile(
    importMap,
    JSON.stringify(
      {
        imports: {
          ...reference.imports,
          [pathToFileURL(join(lesson.dir, mutant.file)).href]: mutantUrl,
          [pathToFileURL(original).href]: mutantUrl,
        },
      },
      null,
      2,
    ) + "\n",
  );
  return await runTests(paths, {
    files: lesson.tests.map((test) => join(lesson.dir, test)),
    permissions: lesson.meta.permissions,
    importMap,
    label: `mutant-${lesson.id}-${kind}-${mutant.id}`,
    testArgs: lesson.meta.quickRun?.args,
    timeLimitMs: lesson.meta.timeLimitSeconds === undefined
      ? undefined
      : lesson.meta.timeLimitSeconds * 1000,
  });
}

/** A test run's verdict on a mutant, in Stryker's words. */
function statusOf(run: TestRun): string {
  switch (run.kind) {
    case "tested":
      return run.loadErrors.length > 0 || run.cases.some((c) => !c.passed)
        ? "Killed"
        : "Survived";
    case "timed-out":
      return "Timeout";
    case "type-errors":
      return "CompileError";
    case "failed-to-start":
      return "RuntimeError";
  }
}

function printScore(score: LessonScore, seconds: number): void {
  const mark = meetsGoal(score) ? PASS : FAIL;
  console.log(
    `${mark} ${score.lesson}: ${score.killed} of ${score.mutants} mutants killed (${
      percent(score.score)
    }), ${score.survived} survived, ${score.invalid} left out as invalid${
      score.disabled > 0 ? `, ${score.disabled} disabled by a comment` : ""
    }, ${seconds.toFixed(0)} s`,
  );
  for (const survivor of score.survivors) {
    console.log(`    survived ${describeMutant(survivor)}`);
  }
  if (score.killedByTimeLimit.length > 0) {
    console.log(dim(
      `  Killed only by tests' time limits, under Stryker and again alone (a hang, or much slower code):`,
    ));
    for (const mutant of score.killedByTimeLimit) {
      console.log(dim(`    slow ${describeMutant(mutant)}`));
    }
  }
  console.log("");
}

function printTable(scores: readonly LessonScore[], seconds: number): void {
  const width = Math.max(6, ...scores.map((s) => s.lesson.length));
  console.log(bold(
    `${
      "lesson".padEnd(width)
    }  mutants  killed  survived  invalid  score  slow`,
  ));
  for (const s of scores) {
    if (s.problem !== undefined) {
      console.log(yellow(`${s.lesson.padEnd(width)}  could not be measured`));
      continue;
    }
    const line = `${s.lesson.padEnd(width)}  ${pad(s.mutants, 7)}  ${
      pad(s.killed, 6)
    }  ${pad(s.survived, 8)}  ${pad(s.invalid, 7)}  ${
      percent(s.score).padStart(5)
    }  ${pad(s.killedByTimeLimit.length, 4)}`;
    console.log(meetsGoal(s) ? line : yellow(line));
  }
  console.log(
    dim(
      `Goal: at least ${GOAL_MUTANTS} mutants and ${
        percent(GOAL_SCORE)
      } killed in every lesson. Slow: killed only by a test's time limit. ${
        seconds.toFixed(0)
      } s in all.`,
    ),
  );
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

/** The lines of a byte stream, as they arrive. */
async function* linesOf(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    yield* parts;
  }
  if (pending !== "") yield pending;
}

/** The StrykerJS version `tools/mutation/package.json` pins. */
async function strykerVersion(paths: CoursePaths): Promise<string> {
  const manifest: unknown = JSON.parse(
    await Deno.readTextFile(
      join(paths.root, "tools", "mutation", "package.json"),
    ),
  );
  const version = typeof manifest === "object" && manifest !== null &&
      "devDependencies" in manifest &&
      typeof manifest.devDependencies === "object" &&
      manifest.devDependencies !== null &&
      "@stryker-mutator/core" in manifest.devDependencies
    ? manifest.devDependencies["@stryker-mutator/core"]
    : undefined;
  return typeof version === "string" ? version : "(version unknown)";
}

/** The compiler options of the course's deno.json. */
async function compilerOptions(paths: CoursePaths): Promise<unknown> {
  const config: unknown = JSON.parse(
    await Deno.readTextFile(join(paths.root, "deno.json")),
  );
  return typeof config === "object" && config !== null &&
      "compilerOptions" in config
    ? config.compilerOptions
    : {};
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
