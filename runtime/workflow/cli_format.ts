/**
 * How the workflow command writes times, values and tables for a person to read.
 *
 * @module
 */

import type { Json } from "../../lessons/15-durable-store/store.ts";

/** A time (ms since the epoch) as ISO 8601, UTC: what `--at` reads back. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `ms` as ISO 8601, or `null` for none. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : formatTime(ms);
}

/** A value on one line: JSON, cut short past `width` characters. */
export function formatValue(value: Json, width = 60): string {
  const text = JSON.stringify(value);
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * Rows as columns padded to their widest cell, the last left ragged.
 *
 * @example
 * ```ts
 * table([["ID", "STATUS"], ["a", "completed"]]);
 * // ["ID  STATUS", "a   completed"]
 * ```
 */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => widths[i] = Math.max(widths[i] ?? 0, cell.length));
  }
  return rows.map((row) =>
    row.map((cell, i) => i === row.length - 1 ? cell : cell.padEnd(widths[i]))
      .join("  ").trimEnd()
  );
}
