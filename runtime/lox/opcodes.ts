/**
 * The instruction set: one table giving every opcode its number, its name as the
 * disassembler prints it, and the shape of the operand bytes that follow it.
 *
 * @module
 */

/** Opcode numbers; the VM's loop switches on these. */
export const Op = {
  CONSTANT: 0,
  NIL: 1,
  TRUE: 2,
  FALSE: 3,
  POP: 4,
  GET_LOCAL: 5,
  SET_LOCAL: 6,
  GET_GLOBAL: 7,
  DEFINE_GLOBAL: 8,
  SET_GLOBAL: 9,
  GET_UPVALUE: 10,
  SET_UPVALUE: 11,
  GET_PROPERTY: 12,
  SET_PROPERTY: 13,
  GET_SUPER: 14,
  EQUAL: 15,
  GREATER: 16,
  LESS: 17,
  ADD: 18,
  SUBTRACT: 19,
  MULTIPLY: 20,
  DIVIDE: 21,
  NOT: 22,
  NEGATE: 23,
  PRINT: 24,
  JUMP: 25,
  JUMP_IF_FALSE: 26,
  LOOP: 27,
  CALL: 28,
  INVOKE: 29,
  SUPER_INVOKE: 30,
  CLOSURE: 31,
  CLOSE_UPVALUE: 32,
  RETURN: 33,
  CLASS: 34,
  INHERIT: 35,
  METHOD: 36,
} as const;

/** Any opcode number. */
export type Op = typeof Op[keyof typeof Op];

/**
 * What follows an opcode in the code:
 * - `none`: nothing;
 * - `byte`: one byte (a slot, an upvalue index or an argument count);
 * - `constant`: a one-byte index into the chunk's constants;
 * - `jump` / `loop`: a two-byte big-endian distance forward / backward;
 * - `invoke`: a constant (the method name), then an argument count;
 * - `closure`: a constant (the function), then two bytes (isLocal, index) for each
 *   variable the function captures.
 */
export type OperandShape =
  | "none"
  | "byte"
  | "constant"
  | "jump"
  | "loop"
  | "invoke"
  | "closure";

/** One row of the table. */
export interface OpInfo {
  /** As clox's disassembler prints it, e.g. `OP_CONSTANT`. */
  readonly name: string;
  readonly operands: OperandShape;
}

const SHAPES: Readonly<Record<keyof typeof Op, OperandShape>> = {
  CONSTANT: "constant",
  NIL: "none",
  TRUE: "none",
  FALSE: "none",
  POP: "none",
  GET_LOCAL: "byte",
  SET_LOCAL: "byte",
  GET_GLOBAL: "constant",
  DEFINE_GLOBAL: "constant",
  SET_GLOBAL: "constant",
  GET_UPVALUE: "byte",
  SET_UPVALUE: "byte",
  GET_PROPERTY: "constant",
  SET_PROPERTY: "constant",
  GET_SUPER: "constant",
  EQUAL: "none",
  GREATER: "none",
  LESS: "none",
  ADD: "none",
  SUBTRACT: "none",
  MULTIPLY: "none",
  DIVIDE: "none",
  NOT: "none",
  NEGATE: "none",
  PRINT: "none",
  JUMP: "jump",
  JUMP_IF_FALSE: "jump",
  LOOP: "loop",
  CALL: "byte",
  INVOKE: "invoke",
  SUPER_INVOKE: "invoke",
  CLOSURE: "closure",
  CLOSE_UPVALUE: "none",
  RETURN: "none",
  CLASS: "constant",
  INHERIT: "none",
  METHOD: "constant",
};

/** The table, indexed by opcode number. */
export const OP_INFO: readonly OpInfo[] = Object.entries(Op)
  .sort(([, a], [, b]) => a - b)
  .map(([key]) => {
    const name = key as keyof typeof Op;
    return { name: `OP_${name}`, operands: SHAPES[name] };
  });
