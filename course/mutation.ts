/**
 * Mutation testing of a lesson's tests: StrykerJS changes the lesson's reference
 * modules one small mistake at a time (a `<` made `<=`, a call removed, a `true` made
 * `false`) and runs the lesson's tests on each; a test suite worth its name fails on
 * (kills) most of them. What survives is a mistake a learner could make unnoticed.
 *
 * This module holds the pure parts: the Stryker configuration for one lesson, the
 * import map it runs with, and reading Stryker's JSON report into a score. The
 * command that runs it is `commands/mutants.ts`.
 *
 * @module
 */

import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ImportMap } from "./import_map.ts";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** The share of mutants each lesson's tests should kill. */
export const GOAL_SCORE = 0.85;

/** The fewest mutants a lesson should be measured on. */
export const GOAL_MUTANTS = 30;

/** The variable through which Stryker tells the instrumented code which mutant is on. */
export const ACTIVE_MUTANT_ENV = "__STRYKER_ACTIVE_MUTANT__";

/**
 * Stryker mutators left out. A changed string is nearly always an error message or a
 * name, and tests should not pin wording the lesson never states.
 */
export const EXCLUDED_MUTATORS: readonly string[] = ["StringLiteral"];

/** Where one lesson's mutation run keeps its files, under the engine's state folder. */
export function mutationDir(paths: CoursePaths, lesson: Lesson): string {
  return join(paths.state, "mutation", lesson.id);
}

/**
 * `map` with every `file:` URL inside the course made relative to `mapDir`. Stryker
 * runs the tests in a copy of the course (its sandbox), so the map must point into
 * that copy, not back at the original files.
 */
export function relativeImportMap(
  paths: CoursePaths,
  map: ImportMap,
  mapDir: string,
): ImportMap {
  const rootUrl = pathToFileURL(paths.root).href + "/";
  const local = (specifier: string) => {
    if (!specifier.startsWith(rootUrl)) return specifier;
    const path = relative(mapDir, fileURLToPath(specifier));
    return path.startsWith(".") ? path : `./${path}`;
  };
  return {
    imports: Object.fromEntries(
      Object.entries(map.imports).map(([key, value]) => [
        local(key),
        local(value),
      ]),
    ),
  };
}

/**
 * The lesson's permission flags, plus reading the one variable Stryker switches
 * mutants with. A lesson that already reads some variables gets it added to its list:
 * Deno keeps only one `--allow-env`.
 */
export function mutantPermissions(permissions: readonly string[]): string[] {
  const env = permissions.find((flag) => flag.startsWith("--allow-env"));
  if (env === "--allow-env") return [...permissions];
  const names = env === undefined
    ? [ACTIVE_MUTANT_ENV]
    : [...env.slice("--allow-env=".length).split(","), ACTIVE_MUTANT_ENV];
  return [
    ...permissions.filter((flag) => !flag.startsWith("--allow-env")),
    `--allow-env=${names.join(",")}`,
  ];
}

/** What one lesson's Stryker run is given. */
export interface StrykerPlan {
  /** The lesson. */
  readonly lesson: Lesson;
  /** The reference modules to mutate, file names in the lesson's solution folder. */
  readonly modules: readonly string[];
  /** The import map (relative, see {@linkcode relativeImportMap}), absolute path. */
  readonly importMap: string;
  /** The Deno to run the tests with, absolute. */
  readonly deno: string;
  /** Test runs at once. */
  readonly concurrency: number;
}

/** Stryker's configuration for `plan`, as a JSON-ready object. */
export function strykerConfig(
  paths: CoursePaths,
  plan: StrykerPlan,
): Record<string, unknown> {
  const { lesson } = plan;
  const dir = mutationDir(paths, lesson);
  const quick = lesson.meta.quickRun?.args ?? [];
  const command = [
    plan.deno,
    "test",
    // The instrumented modules hold every mutant at once and do not type-check;
    // type errors are looked for afterwards, one mutant at a time.
    "--no-check",
    "--no-prompt",
    `--import-map=${relative(paths.root, plan.importMap)}`,
    ...mutantPermissions(lesson.meta.permissions),
    relative(paths.root, lesson.dir) + "/",
    ...(quick.length > 0 ? ["--", ...quick] : []),
  ];
  const inSolutions = relative(paths.root, lesson.solutionDir);
  return {
    testRunner: "command",
    commandRunner: { command: command.map(shellQuote).join(" ") },
    mutate: plan.modules.map((module) => `${inSolutions}/${module}`),
    mutator: { excludedMutations: [...EXCLUDED_MUTATORS] },
    concurrency: plan.concurrency,
    reporters: ["json", "html", "progress-append-only"],
    jsonReporter: { fileName: relative(paths.root, join(dir, "report.json")) },
    htmlReporter: { fileName: relative(paths.root, join(dir, "report.html")) },
    tempDirName: relative(paths.root, join(dir, "sandbox")),
    cleanTempDir: true,
    // The sandbox gets only what the tests need: lessons, references, the runtime
    // (the Lox lessons build on its `Runtime` and test through its runner), config,
    // and the folder with the import map.
    ignorePatterns: [
      "/*",
      "!/lessons",
      "!/solutions",
      "!/runtime",
      "!/deno.json",
      "!/deno.lock",
      ...letBackIn(relative(paths.root, dirname(plan.importMap))),
    ],
    // A mutant that loops for ever is killed by the clock: after twice the time the
    // unmutated tests took, plus five seconds of slack for a busy machine.
    timeoutFactor: 2,
    timeoutMS: 5_000,
    logLevel: "warn",
    fileLogLevel: "off",
    allowConsoleColors: false,
    thresholds: {
      high: Math.round(GOAL_SCORE * 100),
      low: Math.round(GOAL_SCORE * 100),
      break: null,
    },
  };
}

/**
 * Ignore patterns (gitignore syntax) that let one folder back in when everything
 * else is ignored: a folder is let in, then all inside it ignored again, level by
 * level, since nothing inside an ignored folder can be let back in.
 * `a/b` -> `!/a`, `/a/*`, `!/a/b`.
 */
export function letBackIn(path: string): string[] {
  const parts = path.split("/");
  const patterns: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    patterns.push(`!/${prefix}`);
    if (i < parts.length) patterns.push(`/${prefix}/*`);
  }
  return patterns;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word)
    ? word
    : `'${word.replace(/'/g, "'\\''")}'`;
}

/** One mutant, as the score and an author need it. */
export interface Mutant {
  /** Stryker's id for it, within the lesson's run. */
  readonly id: string;
  /** The reference module, e.g. `semaphore.ts`. */
  readonly file: string;
  /** 1-based line and column where the change starts. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Stryker's mutator, e.g. `EqualityOperator`. */
  readonly mutator: string;
  /** The code that was changed. */
  readonly original: string;
  /** What it was changed to. */
  readonly replacement: string;
  /** The module with this one change made. */
  readonly mutated: string;
  /** Stryker's verdict: `Killed`, `Survived`, `Timeout`, `CompileError`, ... */
  readonly status: string;
  /** For a hand-written mutant, the mistake it stands for. */
  readonly why?: string;
  /**
   * True if it was killed only by tests running past their own time limit: on a busy
   * machine that can be slowness, not a caught mistake.
   */
  readonly killedByTimeLimit?: boolean;
}

/** A lesson's score. */
export interface LessonScore {
  /** The lesson's id, e.g. `07-channels`. */
  readonly lesson: string;
  /** Mutants that count: killed plus survived. */
  readonly mutants: number;
  /** Mutants some test failed on, or that ran past the time limit. */
  readonly killed: number;
  /** Of those, the ones only tests' own time limits caught (see `Mutant`). */
  readonly killedByTimeLimit: readonly Mutant[];
  /** Mutants every test passed on. */
  readonly survived: number;
  /** Mutants that do not count: they do not type-check, or could not run. */
  readonly invalid: number;
  /**
   * Mutants left out by a `// Stryker disable` comment in the reference, counted so
   * that a reader of the score sees how many an author set aside.
   */
  readonly disabled: number;
  /** `killed / mutants`, or 0 with no mutants. */
  readonly score: number;
  /** The survivors, in file and line order. */
  readonly survivors: readonly Mutant[];
  /** Why the lesson could not be measured, if it could not. */
  readonly problem?: string;
}

/** Statuses that mean a test caught the mutant. */
const KILLED = new Set(["Killed", "Timeout"]);
/** Statuses that mean no test did. */
const SURVIVED = new Set(["Survived", "NoCoverage"]);

/**
 * The mutants in a Stryker JSON report (mutation-testing-report-schema), with the
 * code each one changes. Files are named relative to the lesson's solution folder.
 */
export function readReport(report: unknown): Mutant[] {
  if (!isRecord(report) || !isRecord(report.files)) {
    throw new TypeError("not a Stryker JSON report: it has no `files`");
  }
  const mutants: Mutant[] = [];
  for (const [path, entry] of Object.entries(report.files)) {
    if (!isRecord(entry) || typeof entry.source !== "string") continue;
    const source = entry.source;
    const list = Array.isArray(entry.mutants) ? entry.mutants : [];
    for (const raw of list) {
      if (!isRecord(raw) || !isRecord(raw.location)) continue;
      const start = position(raw.location.start);
      const end = position(raw.location.end);
      if (start === undefined || end === undefined) continue;
      const from = offsetOf(source, start);
      const to = offsetOf(source, end);
      const replacement = String(raw.replacement ?? "");
      mutants.push({
        id: String(raw.id),
        file: path.split("/").at(-1) ?? path,
        line: start.line,
        column: start.column,
        mutator: String(raw.mutatorName),
        original: source.slice(from, to),
        replacement,
        mutated: source.slice(0, from) + replacement + source.slice(to),
        status: String(raw.status),
        killedByTimeLimit: raw.status === "Killed" &&
          onlyTimeLimits(String(raw.statusReason ?? "")),
      });
    }
  }
  return mutants.sort((a, b) =>
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column
  );
}

/**
 * True if every error in `deno test`'s output is a test's own time limit (the
 * lessons give each test one, see `timeLimit` in `lessons/_support/testing.ts`).
 */
export function onlyTimeLimits(output: string): boolean {
  // deno-lint-ignore no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  const errors = [...plain.matchAll(/^error: (.*)$/gm)].map((m) => m[1].trim())
    .filter((message) => message !== "Test failed");
  return errors.length > 0 &&
    errors.every((message) => /^Test timed out after \d+ ?ms/.test(message));
}

/**
 * The score of `mutants`, given the ids of those that do not type-check: those are
 * left out whatever Stryker said, since no learner's code that compiles has them.
 */
export function scoreLesson(
  lesson: string,
  mutants: readonly Mutant[],
  untyped: ReadonlySet<string> = new Set(),
): LessonScore {
  let killed = 0;
  const killedByTimeLimit: Mutant[] = [];
  let invalid = 0;
  let disabled = 0;
  const survivors: Mutant[] = [];
  for (const mutant of mutants) {
    if (mutant.status === "Ignored") {
      // An excluded mutator's are not mutants of this measure; others an author
      // disabled with a comment.
      if (!EXCLUDED_MUTATORS.includes(mutant.mutator)) disabled++;
      continue;
    }
    if (untyped.has(mutant.id)) invalid++;
    else if (KILLED.has(mutant.status)) {
      killed++;
      if (mutant.killedByTimeLimit) killedByTimeLimit.push(mutant);
    } else if (SURVIVED.has(mutant.status)) survivors.push(mutant);
    else invalid++;
  }
  const counted = killed + survivors.length;
  return {
    lesson,
    mutants: counted,
    killed,
    killedByTimeLimit,
    survived: survivors.length,
    invalid,
    disabled,
    score: counted === 0 ? 0 : killed / counted,
    survivors: survivors.sort((a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column
    ),
  };
}

/** True when `score` meets the course's goal: enough mutants, enough of them killed. */
export function meetsGoal(score: LessonScore): boolean {
  return score.problem === undefined && score.mutants >= GOAL_MUTANTS &&
    score.score >= GOAL_SCORE;
}

/** The file where an author lists hand-written mutants, beside the reference. */
export const HAND_MUTANTS_FILE = "mutants.json";

/**
 * A mistake an author wants the tests to catch, as an exact text change to one
 * reference module: `find` must occur in it exactly once; `replace` may be empty.
 */
export interface HandMutant {
  /** The reference module, e.g. `semaphore.ts`. */
  readonly file: string;
  /** The code to change, exactly as written. */
  readonly find: string;
  /** What to write instead. */
  readonly replace: string;
  /** The mistake it stands for, in a few words. */
  readonly why: string;
}

/** A hand-written mutants file that is not what it should be. */
export class HandMutantError extends Error {
  /** @param message what is wrong, naming the file and the entry. */
  constructor(message: string) {
    super(message);
    this.name = "HandMutantError";
  }
}

/**
 * The hand-written mutants in `text` (the content of `mutants.json`, named `where`
 * in messages): a JSON array of {@linkcode HandMutant}, each naming one of `modules`.
 */
export function parseHandMutants(
  text: string,
  where: string,
  modules: readonly string[],
): HandMutant[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HandMutantError(`${where} is not valid JSON: ${reason}`);
  }
  if (!Array.isArray(parsed)) {
    throw new HandMutantError(
      `${where} must hold an array of {file, find, replace, why}`,
    );
  }
  return parsed.map((entry: unknown, index) => {
    const at = `${where}, entry ${index + 1}`;
    if (!isRecord(entry)) throw new HandMutantError(`${at} is not an object`);
    for (const key of ["file", "find", "why"]) {
      if (typeof entry[key] !== "string" || entry[key] === "") {
        throw new HandMutantError(`${at} needs "${key}", a non-empty string`);
      }
    }
    // An empty replacement is a deletion, a mistake like any other.
    if (typeof entry.replace !== "string") {
      throw new HandMutantError(`${at} needs "replace", a string`);
    }
    const mutant = entry as unknown as HandMutant;
    if (!modules.includes(mutant.file)) {
      throw new HandMutantError(
        `${at} names "${mutant.file}", not one of ${modules.join(", ")}`,
      );
    }
    if (mutant.find === mutant.replace) {
      throw new HandMutantError(`${at} replaces "find" with itself`);
    }
    return mutant;
  });
}

/**
 * `mutant` applied to `source`, the module it names, as a {@linkcode Mutant} with
 * `id`, not yet run. Throws {@linkcode HandMutantError} unless `find` occurs exactly
 * once, so that a reference that changed under it is noticed.
 */
export function applyHandMutant(
  mutant: HandMutant,
  source: string,
  id: string,
): Mutant {
  const at = source.indexOf(mutant.find);
  if (at === -1 || source.indexOf(mutant.find, at + 1) !== -1) {
    throw new HandMutantError(
      `hand-written mutant "${mutant.why}": ${mutant.file} must contain its "find" ${
        at === -1 ? "(it does not)" : "only once (it has it more often)"
      }`,
    );
  }
  const line = source.slice(0, at).split("\n").length;
  const column = at - source.lastIndexOf("\n", at - 1);
  return {
    id,
    file: mutant.file,
    line,
    column,
    mutator: "HandWritten",
    original: mutant.find,
    replacement: mutant.replace,
    mutated: source.slice(0, at) + mutant.replace +
      source.slice(at + mutant.find.length),
    status: "Pending",
    why: mutant.why,
  };
}

/**
 * One line describing a mutant's change, for a survivor list:
 * `semaphore.ts:88:9 EqualityOperator: \`a < b\` -> \`a <= b\``.
 */
export function describeMutant(mutant: Mutant): string {
  const change =
    `${mutant.file}:${mutant.line}:${mutant.column} ${mutant.mutator}: \`${
      oneLine(mutant.original)
    }\` -> \`${oneLine(mutant.replacement)}\``;
  return mutant.why === undefined ? change : `${change} (${mutant.why})`;
}

/** Code on one line, shortened to `limit` characters. */
function oneLine(code: string, limit = 70): string {
  const flat = code.replace(/\s+/g, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}

/**
 * A mutated module, ready to be type-checked on its own outside the solution folder:
 * its relative imports are made absolute, so they reach what the original reached.
 */
export function relocateImports(source: string, originalFile: string): string {
  const base = pathToFileURL(originalFile);
  return source.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\2/g,
    (_all, lead: string, quote: string, specifier: string) =>
      `${lead}${quote}${new URL(specifier, base).href}${quote}`,
  );
}

interface Position {
  readonly line: number;
  readonly column: number;
}

function position(value: unknown): Position | undefined {
  if (!isRecord(value)) return undefined;
  const { line, column } = value;
  if (typeof line !== "number" || typeof column !== "number") return undefined;
  return { line, column };
}

/** The offset of a 1-based line and column in `source`. */
function offsetOf(source: string, at: Position): number {
  let offset = 0;
  for (let line = 1; line < at.line; line++) {
    const next = source.indexOf("\n", offset);
    if (next === -1) return source.length;
    offset = next + 1;
  }
  return Math.min(offset + at.column - 1, source.length);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
