/**
 * The disassembler: bytecode as clox's `DEBUG_PRINT_CODE` lists it, one instruction a
 * line — offset, source line (`|` when unchanged), opcode, operands.
 *
 * @module
 */

import type { Chunk } from "./chunk.ts";
import { OP_INFO } from "./opcodes.ts";
import { type LoxFunction, printValue } from "./value.ts";

/**
 * The listing of a function and every function compiled inside it, innermost first
 * (the order clox prints them in as it finishes compiling each).
 *
 * @example
 * ```ts
 * const result = compile("print 1;");
 * if ("fn" in result) console.log(disassemble(result.fn));
 * // == <script> ==
 * // 0000    1 OP_CONSTANT         0 '1'
 * // 0002    | OP_PRINT
 * // ...
 * ```
 */
export function disassemble(fn: LoxFunction): string {
  let text = "";
  for (const constant of fn.chunk.constants) {
    if (
      constant !== null && typeof constant === "object" &&
      constant.kind === "function"
    ) {
      text += disassemble(constant);
    }
  }
  return text + disassembleChunk(fn.chunk, fn.name ?? "<script>");
}

/** One chunk's listing under a `== name ==` header. */
export function disassembleChunk(chunk: Chunk, name: string): string {
  let text = `== ${name} ==\n`;
  for (let offset = 0; offset < chunk.code.length;) {
    const [line, next] = disassembleInstruction(chunk, offset);
    text += line + "\n";
    offset = next;
  }
  return text;
}

/** One instruction's line (more lines for a closure's captures) and the next offset. */
export function disassembleInstruction(
  chunk: Chunk,
  offset: number,
): [string, number] {
  const { code, lines, constants } = chunk;
  let prefix = pad4(offset) + " ";
  prefix += offset > 0 && lines[offset] === lines[offset - 1]
    ? "   | "
    : String(lines[offset]).padStart(4) + " ";
  const op = code[offset];
  const info = OP_INFO[op];
  if (info === undefined) return [`${prefix}Unknown opcode ${op}`, offset + 1];
  const name = info.name;
  switch (info.operands) {
    case "none":
      return [prefix + name, offset + 1];
    case "byte":
      return [
        `${prefix}${name.padEnd(16)} ${pad(code[offset + 1])}`,
        offset + 2,
      ];
    case "constant": {
      const index = code[offset + 1];
      const shown = printValue(constants[index] ?? null);
      return [
        `${prefix}${name.padEnd(16)} ${pad(index)} '${shown}'`,
        offset + 2,
      ];
    }
    case "jump":
    case "loop": {
      const jump = (code[offset + 1] << 8) | code[offset + 2];
      const target = offset + 3 + (info.operands === "loop" ? -jump : jump);
      return [
        `${prefix}${name.padEnd(16)} ${pad(offset)} -> ${target}`,
        offset + 3,
      ];
    }
    case "invoke": {
      const index = code[offset + 1];
      const args = code[offset + 2];
      const shown = printValue(constants[index] ?? null);
      return [
        `${prefix}${name.padEnd(16)} (${args} args) ${pad(index)} '${shown}'`,
        offset + 3,
      ];
    }
    case "localConstant": {
      const slot = code[offset + 1];
      const index = code[offset + 3];
      const shown = printValue(constants[index] ?? null);
      return [
        `${prefix}${name.padEnd(16)} ${pad(slot)} ${pad(index)} '${shown}'`,
        offset + 5,
      ];
    }
    case "jumpPop": {
      const jump = (code[offset + 1] << 8) | code[offset + 2];
      // The target is the POP the false branch skips, so name the byte after it.
      return [
        `${prefix}${name.padEnd(16)} ${pad(offset)} -> ${offset + 4 + jump}`,
        offset + 4,
      ];
    }
    case "localProperty": {
      const slot = code[offset + 1];
      const index = code[offset + 3];
      const shown = printValue(constants[index] ?? null);
      return [
        `${prefix}${name.padEnd(16)} ${pad(slot)} ${pad(index)} '${shown}'`,
        offset + 4,
      ];
    }
    case "bytePop":
      return [
        `${prefix}${name.padEnd(16)} ${pad(code[offset + 1])}`,
        offset + 3,
      ];
    case "constantPop": {
      const index = code[offset + 1];
      const shown = printValue(constants[index] ?? null);
      return [
        `${prefix}${name.padEnd(16)} ${pad(index)} '${shown}'`,
        offset + 3,
      ];
    }
    case "closure": {
      const index = code[offset + 1];
      const fn = constants[index];
      let text = `${prefix}${name.padEnd(16)} ${pad(index)} ${
        printValue(fn ?? null)
      }`;
      let next = offset + 2;
      const count =
        fn !== null && typeof fn === "object" && fn.kind === "function"
          ? fn.upvalueCount
          : 0;
      for (let i = 0; i < count; i++) {
        const isLocal = code[next];
        const slot = code[next + 1];
        text += `\n${pad4(next)}      |                     ${
          isLocal ? "local" : "upvalue"
        } ${slot}`;
        next += 2;
      }
      return [text, next];
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(4);
}

function pad4(n: number): string {
  return String(n).padStart(4, "0");
}
