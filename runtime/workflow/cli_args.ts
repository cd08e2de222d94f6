/**
 * A small, strict reader of the workflow command's arguments: `--name value`,
 * `--name=value`, boolean `--name`, and `--` to end the flags. Anything it does not
 * know is a {@linkcode UsageError} that names it, never a guess: a mistyped
 * `--db` must not quietly start a workflow in the default store.
 *
 * @module
 */

import { UsageError } from "./cli_errors.ts";

/** The flags a command takes: each takes a value (`"string"`) or none (`"boolean"`). */
export type FlagSpec = Readonly<Record<string, "string" | "boolean">>;

/** Arguments, read. */
export interface ParsedArgs {
  /** The arguments that are not flags, in order. */
  readonly positionals: readonly string[];
  /** The flags given: a value, or `true` for a boolean one. */
  readonly flags: ReadonlyMap<string, string | true>;
}

/**
 * Read `args` against `spec`. A word with one `-` (`-5`) is a positional or a
 * value, so a negative number can be a signal's value; a word with two is a flag,
 * never a value (`--in --db x` is a missing value, not an `--in` of "--db").
 *
 * @example
 * ```ts
 * const { positionals, flags } = parseArgs(["a.ts", "--in=500"], { in: "string" });
 * // positionals: ["a.ts"]; flags.get("in") === "500"
 * ```
 */
export function parseArgs(args: readonly string[], spec: FlagSpec): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const kind = spec[name];
    if (kind === undefined) {
      const known = Object.keys(spec).map((n) => `--${n}`).join(", ");
      throw new UsageError(
        `Unknown flag "--${name}"; this command takes ${known || "no flags"}.`,
      );
    }
    if (flags.has(name)) throw new UsageError(`--${name} is given twice.`);
    if (kind === "boolean") {
      if (equals >= 0) throw new UsageError(`--${name} takes no value.`);
      flags.set(name, true);
    } else if (equals >= 0) {
      flags.set(name, arg.slice(equals + 1));
    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
      flags.set(name, args[++i]);
    } else {
      throw new UsageError(`--${name} needs a value.`);
    }
  }
  return { positionals, flags };
}

/** The value of string flag `name`, if given. */
export function stringFlag(
  parsed: ParsedArgs,
  name: string,
): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === "string" ? value : undefined;
}
