/**
 * How every benchmark of this folder is declared: a `Deno.bench` that runs only if
 * its group was asked for. `deno task bench --only GROUP` sets `BOUNCE_BENCH_ONLY`
 * to the groups wanted (separated by commas); without it, or without permission to
 * read it, every group runs.
 *
 * @module
 */

/** The variable `deno task bench --only` sets. */
export const ONLY_VARIABLE = "BOUNCE_BENCH_ONLY";

/** One benchmark: a row of a group, timed over `n` iterations after `warmup`. */
export interface BenchRow {
  /** What is measured, starting with "native:" or "runtime:". */
  readonly name: string;
  /** The group; its rows are compared with its baseline. */
  readonly group: string;
  /** True for the native row the others are compared with. */
  readonly baseline?: boolean;
  /** How many timed iterations (at least; Deno may run more of the quick ones). */
  readonly n: number;
  /** How many untimed iterations first, so the JIT has seen the code. */
  readonly warmup: number;
  /** One iteration; it throws if its result is wrong. */
  fn(): void | Promise<void>;
}

/** True if `group` is among those asked for, or none was singled out. */
export function selected(group: string): boolean {
  const permission = Deno.permissions.querySync({
    name: "env",
    variable: ONLY_VARIABLE,
  });
  if (permission.state !== "granted") return true;
  const only = Deno.env.get(ONLY_VARIABLE);
  if (only === undefined || only === "") return true;
  return only.split(",").map((g) => g.trim()).includes(group);
}

/** Declare `row` to `deno bench`, ignored unless its group is selected. */
export function bench(row: BenchRow): void {
  Deno.bench({ ...row, ignore: !selected(row.group) });
}
