/**
 * A chunk: the bytecode of one function, the source line of every byte, and the
 * constants its instructions refer to by index.
 *
 * @module
 */

import type { Value } from "./value.ts";

/** A finished chunk, as the VM runs it. Plain data: it survives structuredClone. */
export interface Chunk {
  readonly code: Uint8Array;
  /** `lines[i]` is the source line of `code[i]`. */
  readonly lines: readonly number[];
  readonly constants: readonly Value[];
}

/** A chunk being written by the compiler. */
export interface ChunkWriter {
  readonly code: number[];
  readonly lines: number[];
  readonly constants: Value[];
}

/** A chunk can name at most this many constants (one-byte operands). */
export const MAX_CONSTANTS = 256;

/** An empty chunk to write into. */
export function newChunkWriter(): ChunkWriter {
  return { code: [], lines: [], constants: anyValueArray() };
}

/**
 * An empty array V8 already treats as holding any value. An array of only small
 * integers (or only doubles) would be stored specially, and the VM's one line that
 * reads constants would then see several array layouts and slow down for all.
 */
function anyValueArray(): Value[] {
  const values: Value[] = [null];
  values.pop();
  return values;
}

/** Append one byte that came from `line`. */
export function writeByte(
  chunk: ChunkWriter,
  byte: number,
  line: number,
): void {
  chunk.code.push(byte);
  chunk.lines.push(line);
}

/**
 * Add a constant and return its index; the caller checks it against MAX_CONSTANTS.
 * Like clox, equal constants are not shared, so the limit counts every use.
 */
export function addConstant(chunk: ChunkWriter, value: Value): number {
  chunk.constants.push(value);
  return chunk.constants.length - 1;
}

/** Freeze the writer into a chunk the VM can run. */
export function finishChunk(chunk: ChunkWriter): Chunk {
  return {
    code: Uint8Array.from(chunk.code),
    lines: chunk.lines,
    constants: chunk.constants,
  };
}
