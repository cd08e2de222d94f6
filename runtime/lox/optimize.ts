/**
 * A peephole pass: finds the commonest instruction sequences in a finished function
 * and turns each into one superinstruction, so the VM dispatches less often.
 *
 * It never moves code. The superinstruction is written over the sequence's first
 * opcode and the bytes after it stay as they were, so every jump distance and line
 * entry is still right; the VM reads its operands from where they already are and
 * skips to the end of the sequence. A sequence is left alone if a jump lands inside
 * it.
 *
 * @module
 */

import type { ChunkWriter } from "./chunk.ts";
import { Op, OP_INFO, OPERAND_BYTES } from "./opcodes.ts";

/** GET_LOCAL; CONSTANT; <this>  becomes  <that>. */
const LOCAL_CONSTANT: ReadonlyMap<number, number> = new Map([
  [Op.ADD, Op.GET_LOCAL_CONSTANT_ADD],
  [Op.SUBTRACT, Op.GET_LOCAL_CONSTANT_SUBTRACT],
  [Op.LESS, Op.GET_LOCAL_CONSTANT_LESS],
  [Op.GREATER, Op.GET_LOCAL_CONSTANT_GREATER],
]);

/** <this> k; POP  becomes  <that> k. */
const THEN_POP: ReadonlyMap<number, number> = new Map([
  [Op.SET_LOCAL, Op.SET_LOCAL_POP],
  [Op.SET_GLOBAL, Op.SET_GLOBAL_POP],
  [Op.SET_PROPERTY, Op.SET_PROPERTY_POP],
]);

/** The offset of every instruction in `chunk`, in order. */
export function instructionOffsets(chunk: ChunkWriter): number[] {
  const offsets: number[] = [];
  const { code, constants } = chunk;
  for (let offset = 0; offset < code.length;) {
    offsets.push(offset);
    const op = code[offset];
    const info = OP_INFO[op];
    let length = 1 + OPERAND_BYTES[info.operands];
    if (op === Op.CLOSURE) {
      const fn = constants[code[offset + 1]];
      if (fn !== null && typeof fn === "object" && fn.kind === "function") {
        length += 2 * fn.upvalueCount;
      }
    }
    offset += length;
  }
  return offsets;
}

/**
 * Rewrite `chunk` in place with superinstructions.
 *
 * @example
 * ```ts
 * // GET_LOCAL 1; CONSTANT 0; LESS   is then   GET_LOCAL_CONSTANT_LESS 1 0
 * optimizeChunk(writer);
 * ```
 */
export function optimizeChunk(chunk: ChunkWriter): void {
  const { code } = chunk;
  const offsets = instructionOffsets(chunk);
  const targets = new Set<number>();
  for (const offset of offsets) {
    const op = code[offset];
    const distance = (code[offset + 1] << 8) | code[offset + 2];
    if (op === Op.JUMP || op === Op.JUMP_IF_FALSE) {
      targets.add(offset + 3 + distance);
    } else if (op === Op.LOOP) targets.add(offset + 3 - distance);
  }
  for (let i = 0; i < offsets.length; i++) {
    const at = offsets[i];
    const op = code[at];
    const localConstant = code[at + 2] === Op.CONSTANT && i + 2 < offsets.length
      ? LOCAL_CONSTANT.get(code[at + 4])
      : undefined;
    const thenPop = THEN_POP.get(op);
    if (
      op === Op.GET_LOCAL && localConstant !== undefined &&
      !targets.has(at + 2) && !targets.has(at + 4)
    ) {
      code[at] = localConstant;
      i += 2;
    } else if (
      op === Op.GET_LOCAL && code[at + 2] === Op.GET_PROPERTY &&
      !targets.has(at + 2)
    ) {
      code[at] = Op.GET_LOCAL_GET_PROPERTY;
      i += 1;
    } else if (
      thenPop !== undefined && code[at + 2] === Op.POP && !targets.has(at + 2)
    ) {
      code[at] = thenPop;
      i += 1;
    } else if (
      op === Op.JUMP_IF_FALSE && code[at + 3] === Op.POP &&
      !targets.has(at + 3) &&
      code[at + 3 + ((code[at + 1] << 8) | code[at + 2])] === Op.POP
    ) {
      // "If false jump to a POP, else POP" is "POP, and if it was false skip that POP".
      code[at] = Op.JUMP_IF_FALSE_POP;
      i += 1;
    }
  }
}
