/**
 * Permissions in one place. Each lesson's `lesson.ts` says what its tests may do
 * (`--allow-net=127.0.0.1`); that is the source. Two copies must agree with it, and
 * `deno task check` compares them: `deno.json`'s `test.permissions` (what a
 * teacher's `deno test -P` grants: the union of every lesson's and the runtime's) and the README's
 * permissions table (what the learner reads), between `<!-- permissions` and
 * `<!-- /permissions -->`.
 *
 * @module
 */

import { join } from "node:path";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** A permission flag that is not of the form the engine understands. */
export class PermissionFlagError extends Error {
  /** @param flag the flag as written. */
  constructor(readonly flag: string) {
    super(
      `"${flag}" is not a permission flag of the form --allow-NAME or --allow-NAME=a,b`,
    );
    this.name = "PermissionFlagError";
  }
}

/** Permissions by name (`net`, `env`…): all of it (`true`), or these values. */
export type Permissions = Map<string, true | Set<string>>;

const FLAG = /^--allow-([a-z]+)(?:=(.+))?$/;

/**
 * Parse flags such as `--allow-net=127.0.0.1` into {@linkcode Permissions}, merged.
 *
 * @example
 * ```ts
 * import { canonicalFlags, parseFlags } from "./permissions.ts";
 * canonicalFlags(parseFlags(["--allow-env=B", "--allow-env=A"])); // ["--allow-env=A,B"]
 * ```
 */
export function parseFlags(flags: readonly string[]): Permissions {
  const permissions: Permissions = new Map();
  for (const flag of flags) {
    const match = FLAG.exec(flag);
    if (match === null) throw new PermissionFlagError(flag);
    const [, name, values] = match;
    grant(permissions, name, values === undefined ? true : values.split(","));
  }
  return permissions;
}

/** Where the runtime's tests say what they need beyond the lessons', if anything. */
const RUNTIME_PERMISSIONS = "permissions.json";

/**
 * What the runtime's own tests may do beyond what the lessons' may (reading the Lox
 * corpus): `runtime/permissions.json`, a list of flags whose paths are relative to
 * the course root, as in `deno.json`. None if the file is absent.
 */
export async function runtimePermissions(
  paths: CoursePaths,
): Promise<string[]> {
  const text = await Deno.readTextFile(join(paths.runtime, RUNTIME_PERMISSIONS))
    .catch((error) => {
      if (error instanceof Deno.errors.NotFound) return "[]";
      throw error;
    });
  const flags: unknown = JSON.parse(text);
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === "string")) {
    throw new PermissionFlagError(text.trim());
  }
  parseFlags(flags);
  return flags;
}

/** The union of what every lesson's tests, and then `extra`, may do. */
export function unionOf(
  lessons: readonly Lesson[],
  extra: readonly string[] = [],
): Permissions {
  return parseFlags([
    ...lessons.flatMap((lesson) => lesson.meta.permissions),
    ...extra,
  ]);
}

/**
 * Read `test.permissions` as `deno.json` writes it: `{ "net": ["127.0.0.1"] }`, or
 * `true` for all of one kind. Anything else grants nothing.
 */
export function fromConfig(value: unknown): Permissions {
  const permissions: Permissions = new Map();
  if (typeof value !== "object" || value === null) return permissions;
  for (const [name, granted] of Object.entries(value)) {
    if (granted === true) grant(permissions, name, true);
    else if (Array.isArray(granted)) {
      grant(permissions, name, granted.map(String));
    }
  }
  return permissions;
}

/** The flags that grant `permissions`, one per kind, sorted: a form to compare. */
export function canonicalFlags(permissions: Permissions): string[] {
  return [...permissions.entries()].map(([name, values]) =>
    values === true
      ? `--allow-${name}`
      : `--allow-${name}=${[...values].sort().join(",")}`
  ).sort();
}

/** `permissions` as `deno.json`'s `test.permissions` writes them. */
export function toConfig(
  permissions: Permissions,
): Record<string, true | string[]> {
  const config: Record<string, true | string[]> = {};
  for (const [name, values] of [...permissions.entries()].sort()) {
    config[name] = values === true ? true : [...values].sort();
  }
  return config;
}

/**
 * Where `deno.json` and the README disagree with the lessons; empty if nowhere.
 * Each problem says what to write instead.
 */
export async function permissionProblems(
  paths: CoursePaths,
  lessons: readonly Lesson[],
): Promise<string[]> {
  const problems: string[] = [];
  let union: Permissions;
  try {
    union = unionOf(lessons, await runtimePermissions(paths));
  } catch (error) {
    if (error instanceof PermissionFlagError) return [error.message];
    throw error;
  }
  const config = JSON.parse(
    await Deno.readTextFile(join(paths.root, "deno.json")),
  );
  const configured = fromConfig(config?.test?.permissions);
  if (
    canonicalFlags(configured).join(" ") !== canonicalFlags(union).join(" ")
  ) {
    problems.push(
      `deno.json's test.permissions grant ${
        describe(canonicalFlags(configured))
      }, but the lessons need ${describe(canonicalFlags(union))}; write:\n` +
        `"permissions": ${JSON.stringify(toConfig(union))}`,
    );
  }
  const readme = await Deno.readTextFile(join(paths.root, "README.md")).catch(
    () => "",
  );
  const table = readmeTable(readme);
  if (table === undefined) {
    problems.push(
      "README.md has no permissions table between <!-- permissions … --> and <!-- /permissions -->",
    );
    return problems;
  }
  for (const lesson of lessons) {
    const want = canonicalFlags(parseFlags(lesson.meta.permissions));
    const row = table.get(lesson.number);
    if (row === undefined) {
      problems.push(
        `README.md's permissions table has no row for lesson ${lesson.number}; add:\n` +
          tableRow(lesson),
      );
    } else if (row.join(" ") !== want.join(" ")) {
      problems.push(
        `README.md's permissions table says lesson ${lesson.number} gets ${
          describe(row)
        }, but its lesson.ts says ${describe(want)}; write:\n${
          tableRow(lesson)
        }`,
      );
    }
  }
  for (const number of table.keys()) {
    if (!lessons.some((lesson) => lesson.number === number)) {
      problems.push(
        `README.md's permissions table has a row for lesson ${number}, which does not exist`,
      );
    }
  }
  return problems;
}

/** The README row for a lesson, as the table writes it. */
export function tableRow(
  lesson: {
    readonly number: number;
    readonly meta: {
      readonly title: string;
      readonly permissions: readonly string[];
    };
  },
): string {
  const flags = canonicalFlags(parseFlags(lesson.meta.permissions));
  const cell = flags.length === 0
    ? "none"
    : flags.map((f) => `\`${f}\``).join(" ");
  const nn = String(lesson.number).padStart(2, "0");
  return `| ${nn} ${lesson.meta.title} | ${cell} |`;
}

/**
 * The README's permissions table: lesson number to canonical flags, or
 * `undefined` if the README has none. A row is `| 06 Title | \`--allow-…\` |` or
 * `| 01 Title | none |`.
 */
export function readmeTable(
  readme: string,
): Map<number, string[]> | undefined {
  const block = /<!-- permissions[^>]*-->([\s\S]*?)<!-- \/permissions -->/.exec(
    readme,
  );
  if (block === null) return undefined;
  const rows = new Map<number, string[]>();
  for (const line of block[1].split("\n")) {
    const cells = line.split("|").map((c) => c.trim()).filter((c) => c !== "");
    const number = /^(\d{2})\b/.exec(cells[0] ?? "");
    if (number === null) continue;
    const flags = [...(cells[cells.length - 1] ?? "").matchAll(/`([^`]+)`/g)]
      .map((m) => m[1]);
    rows.set(Number(number[1]), canonicalFlags(parseFlagsLoosely(flags)));
  }
  return rows;
}

/** Flags from prose: one that does not parse is kept as it is, to be reported. */
function parseFlagsLoosely(flags: readonly string[]): Permissions {
  const permissions: Permissions = new Map();
  for (const flag of flags) {
    const match = FLAG.exec(flag);
    if (match === null) grant(permissions, flag.replace(/^--allow-/, ""), true);
    else {
      grant(
        permissions,
        match[1],
        match[2] === undefined ? true : match[2].split(","),
      );
    }
  }
  return permissions;
}

function grant(
  permissions: Permissions,
  name: string,
  values: true | readonly string[],
): void {
  const held = permissions.get(name);
  if (values === true || held === true) {
    permissions.set(name, true);
    return;
  }
  const merged = held ?? new Set<string>();
  for (const value of values) merged.add(value);
  permissions.set(name, merged);
}

function describe(flags: readonly string[]): string {
  return flags.length === 0 ? "nothing" : flags.join(" ");
}
