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
  // Superinstructions: never emitted by the compiler, only by optimize.ts, which
  // writes one over the first byte of a common sequence and leaves the rest in place.
  GET_LOCAL_CONSTANT_ADD: 37,
  GET_LOCAL_CONSTANT_SUBTRACT: 38,
  GET_LOCAL_CONSTANT_LESS: 39,
  GET_LOCAL_CONSTANT_GREATER: 40,
  JUMP_IF_FALSE_POP: 41,
  GET_LOCAL_GET_PROPERTY: 42,
  SET_LOCAL_POP: 43,
  SET_GLOBAL_POP: 44,
  SET_PROPERTY_POP: 45,
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
 *   variable the function captures;
 * - `localConstant`: covers GET_LOCAL slot, CONSTANT index, and an arithmetic or
 *   comparison opcode (5 bytes): the slot is at +1, the constant index at +3;
 * - `jumpPop`: covers JUMP_IF_FALSE distance, POP (4 bytes);
 * - `localProperty`: covers GET_LOCAL slot, GET_PROPERTY name (4 bytes): the slot
 *   is at +1, the name's constant index at +3;
 * - `bytePop` / `constantPop`: an instruction with a one-byte operand, then POP
 *   (3 bytes).
 */
export type OperandShape =
  | "none"
  | "byte"
  | "constant"
  | "jump"
  | "loop"
  | "invoke"
  | "closure"
  | "localConstant"
  | "jumpPop"
  | "localProperty"
  | "bytePop"
  | "constantPop";

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
  GET_LOCAL_CONSTANT_ADD: "localConstant",
  GET_LOCAL_CONSTANT_SUBTRACT: "localConstant",
  GET_LOCAL_CONSTANT_LESS: "localConstant",
  GET_LOCAL_CONSTANT_GREATER: "localConstant",
  JUMP_IF_FALSE_POP: "jumpPop",
  GET_LOCAL_GET_PROPERTY: "localProperty",
  SET_LOCAL_POP: "bytePop",
  SET_GLOBAL_POP: "constantPop",
  SET_PROPERTY_POP: "constantPop",
};

/** How many bytes each operand shape takes after its opcode (closure: before captures). */
export const OPERAND_BYTES: Readonly<Record<OperandShape, number>> = {
  none: 0,
  byte: 1,
  constant: 1,
  jump: 2,
  loop: 2,
  invoke: 2,
  closure: 1,
  localConstant: 4,
  jumpPop: 3,
  localProperty: 3,
  bytePop: 2,
  constantPop: 2,
};

/** The table, indexed by opcode number. */
export const OP_INFO: readonly OpInfo[] = Object.entries(Op)
  .sort(([, a], [, b]) => a - b)
  .map(([key]) => {
    const name = key as keyof typeof Op;
    return { name: `OP_${name}`, operands: SHAPES[name] };
  });
