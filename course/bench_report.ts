/**
 * What `deno task bench` makes of `deno bench --json`: each group's rows with their
 * times, their spread (fastest and slowest iteration), and their ratio to the group's
 * native baseline, measured in the same run.
 *
 * @module
 */

import { bold, dim } from "./style.ts";

/** One benchmark's figures, in milliseconds. */
export interface BenchRowResult {
  /** The benchmark's name. */
  readonly name: string;
  /** True for the row the others of its group are compared with. */
  readonly baseline: boolean;
  /** How many timed iterations. */
  readonly n: number;
  /** The mean time of one iteration. */
  readonly avg: number;
  /** The fastest iteration. */
  readonly min: number;
  /** The slowest iteration. */
  readonly max: number;
  /** The 75th percentile. */
  readonly p75: number;
  /** Mean over the baseline's mean; `undefined` for the baseline, or with none. */
  readonly ratio: number | undefined;
  /** Fastest over the baseline's fastest: the figure least moved by a loaded machine. */
  readonly ratioOfMins: number | undefined;
}

/** A group of rows, as `deno bench` grouped them. */
export interface BenchGroupResult {
  /** The group's name. */
  readonly group: string;
  /** Its rows, in the order they ran. */
  readonly rows: BenchRowResult[];
}

/** A benchmark that threw, with what it threw. */
export interface BenchFailure {
  /** The benchmark's name. */
  readonly name: string;
  /** Deno's text of the error. */
  readonly error: string;
}

/** The shape of `deno bench --json` output, as far as it is read here. */
interface DenoBenchJson {
  readonly benches: readonly {
    readonly group?: string | null;
    readonly name: string;
    readonly baseline?: boolean;
    readonly results: readonly {
      readonly ok?: {
        readonly n: number;
        readonly avg: number;
        readonly min: number;
        readonly max: number;
        readonly p75: number;
      };
      readonly failed?: unknown;
    }[];
  }[];
}

const NS_PER_MS = 1e6;

/**
 * Read `deno bench --json` output: its groups (a bench without one is a group of
 * its own) and the benchmarks that failed. Throws a `SyntaxError` if it is not JSON.
 */
export function parseBenchJson(
  text: string,
): { groups: BenchGroupResult[]; failures: BenchFailure[] } {
  const json = JSON.parse(text) as DenoBenchJson;
  const raw = new Map<
    string,
    Omit<BenchRowResult, "ratio" | "ratioOfMins">[]
  >();
  const failures: BenchFailure[] = [];
  for (const bench of json.benches ?? []) {
    for (const result of bench.results) {
      if (result.failed !== undefined) {
        failures.push({ name: bench.name, error: String(result.failed) });
      }
      const ok = result.ok;
      if (ok === undefined) continue;
      const group = bench.group ?? bench.name;
      const rows = raw.get(group) ?? [];
      rows.push({
        name: bench.name,
        baseline: bench.baseline === true,
        n: ok.n,
        avg: ok.avg / NS_PER_MS,
        min: ok.min / NS_PER_MS,
        max: ok.max / NS_PER_MS,
        p75: ok.p75 / NS_PER_MS,
      });
      raw.set(group, rows);
    }
  }
  const groups = [...raw].map(([group, rows]) => {
    const base = rows.find((row) => row.baseline);
    return {
      group,
      rows: rows.map((row) => ({
        ...row,
        ratio: base === undefined || row.baseline
          ? undefined
          : row.avg / base.avg,
        ratioOfMins: base === undefined || row.baseline
          ? undefined
          : row.min / base.min,
      })),
    };
  });
  return { groups, failures };
}

/** A time in milliseconds, to three significant figures or so. */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A group as lines of text: each row's mean, spread, iterations and ratio. */
export function formatGroup(group: BenchGroupResult): string[] {
  const width = Math.max(...group.rows.map((row) => row.name.length));
  // Most groups race native Deno; a group may set the runtime against itself.
  const base = group.rows.find((row) => row.baseline)?.name ?? "";
  const against = /^(native|js)\b/.test(base) ? "native" : "the baseline";
  const lines = [bold(`${group.group}`)];
  for (const row of group.rows) {
    const spread = `${formatMs(row.min)} … ${formatMs(row.max)}`;
    const ratio = row.baseline
      ? dim("baseline")
      : row.ratio === undefined
      ? ""
      : `${row.ratio.toFixed(2)}× ${against} (fastest vs fastest ${
        row.ratioOfMins?.toFixed(2)
      }×)`;
    lines.push(
      `  ${row.name.padEnd(width)}  ${formatMs(row.avg).padStart(9)}  ${
        dim(`(${spread}, n=${row.n})`)
      }  ${ratio}`,
    );
  }
  return lines;
}
