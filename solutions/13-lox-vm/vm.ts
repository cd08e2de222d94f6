/**
 * The virtual machine: clox's bytecode loop, run in slices. All program state is
 * plain data — a fiber's value stack, call frames and open upvalues, and the program's
 * globals — so no JavaScript call stack holds Lox state: a Lox call pushes a frame, and
 * `runFiber` can stop after any instruction and be called again later (or on a copy).
 *
 * @module
 */

import type { Future } from "../../lessons/01-futures/future.ts";
import type { Chunk } from "../../lessons/12-lox-compiler/chunk.ts";
import {
  LoxInternalError,
  LoxRuntimeError,
} from "../../lessons/10-lox-parser/errors.ts";
import {
  isFalsey,
  type LoxClass,
  type LoxClosure,
  type LoxFunction,
  type LoxInstance,
  type LoxUpvalue,
  newBoundMethod,
  newClass,
  newClosure,
  newInstance,
  newNative,
  printValue,
  type Value,
} from "../../lessons/12-lox-compiler/value.ts";

/**
 * The opcode numbers of opcodes.ts, repeated as a `const enum` so the compiler to
 * JavaScript writes plain numbers into the loop's `switch` (V8 then dispatches through
 * a jump table; reading `VmOp.ADD` from the imported table costs about twice the time).
 * vm_test.ts checks the two lists agree (through VM_OP_NUMBERS).
 */
export const enum VmOp {
  CONSTANT = 0,
  NIL = 1,
  TRUE = 2,
  FALSE = 3,
  POP = 4,
  GET_LOCAL = 5,
  SET_LOCAL = 6,
  GET_GLOBAL = 7,
  DEFINE_GLOBAL = 8,
  SET_GLOBAL = 9,
  GET_UPVALUE = 10,
  SET_UPVALUE = 11,
  GET_PROPERTY = 12,
  SET_PROPERTY = 13,
  GET_SUPER = 14,
  EQUAL = 15,
  GREATER = 16,
  LESS = 17,
  ADD = 18,
  SUBTRACT = 19,
  MULTIPLY = 20,
  DIVIDE = 21,
  NOT = 22,
  NEGATE = 23,
  PRINT = 24,
  JUMP = 25,
  JUMP_IF_FALSE = 26,
  LOOP = 27,
  CALL = 28,
  INVOKE = 29,
  SUPER_INVOKE = 30,
  CLOSURE = 31,
  CLOSE_UPVALUE = 32,
  RETURN = 33,
  CLASS = 34,
  INHERIT = 35,
  METHOD = 36,
  GET_LOCAL_CONSTANT_ADD = 37,
  GET_LOCAL_CONSTANT_SUBTRACT = 38,
  GET_LOCAL_CONSTANT_LESS = 39,
  GET_LOCAL_CONSTANT_GREATER = 40,
  JUMP_IF_FALSE_POP = 41,
  GET_LOCAL_GET_PROPERTY = 42,
  SET_LOCAL_POP = 43,
  SET_GLOBAL_POP = 44,
  SET_PROPERTY_POP = 45,
}

/** VmOp's numbers by name, so a test can hold them against the table in opcodes.ts. */
export const VM_OP_NUMBERS: Readonly<Record<string, number>> = {
  CONSTANT: VmOp.CONSTANT,
  NIL: VmOp.NIL,
  TRUE: VmOp.TRUE,
  FALSE: VmOp.FALSE,
  POP: VmOp.POP,
  GET_LOCAL: VmOp.GET_LOCAL,
  SET_LOCAL: VmOp.SET_LOCAL,
  GET_GLOBAL: VmOp.GET_GLOBAL,
  DEFINE_GLOBAL: VmOp.DEFINE_GLOBAL,
  SET_GLOBAL: VmOp.SET_GLOBAL,
  GET_UPVALUE: VmOp.GET_UPVALUE,
  SET_UPVALUE: VmOp.SET_UPVALUE,
  GET_PROPERTY: VmOp.GET_PROPERTY,
  SET_PROPERTY: VmOp.SET_PROPERTY,
  GET_SUPER: VmOp.GET_SUPER,
  EQUAL: VmOp.EQUAL,
  GREATER: VmOp.GREATER,
  LESS: VmOp.LESS,
  ADD: VmOp.ADD,
  SUBTRACT: VmOp.SUBTRACT,
  MULTIPLY: VmOp.MULTIPLY,
  DIVIDE: VmOp.DIVIDE,
  NOT: VmOp.NOT,
  NEGATE: VmOp.NEGATE,
  PRINT: VmOp.PRINT,
  JUMP: VmOp.JUMP,
  JUMP_IF_FALSE: VmOp.JUMP_IF_FALSE,
  LOOP: VmOp.LOOP,
  CALL: VmOp.CALL,
  INVOKE: VmOp.INVOKE,
  SUPER_INVOKE: VmOp.SUPER_INVOKE,
  CLOSURE: VmOp.CLOSURE,
  CLOSE_UPVALUE: VmOp.CLOSE_UPVALUE,
  RETURN: VmOp.RETURN,
  CLASS: VmOp.CLASS,
  INHERIT: VmOp.INHERIT,
  METHOD: VmOp.METHOD,
  GET_LOCAL_CONSTANT_ADD: VmOp.GET_LOCAL_CONSTANT_ADD,
  GET_LOCAL_CONSTANT_SUBTRACT: VmOp.GET_LOCAL_CONSTANT_SUBTRACT,
  GET_LOCAL_CONSTANT_LESS: VmOp.GET_LOCAL_CONSTANT_LESS,
  GET_LOCAL_CONSTANT_GREATER: VmOp.GET_LOCAL_CONSTANT_GREATER,
  JUMP_IF_FALSE_POP: VmOp.JUMP_IF_FALSE_POP,
  GET_LOCAL_GET_PROPERTY: VmOp.GET_LOCAL_GET_PROPERTY,
  SET_LOCAL_POP: VmOp.SET_LOCAL_POP,
  SET_GLOBAL_POP: VmOp.SET_GLOBAL_POP,
  SET_PROPERTY_POP: VmOp.SET_PROPERTY_POP,
};

/** At most this many calls deep, the script's own frame included. */
export const FRAMES_MAX = 64;
/**
 * Stack slots set aside for a fiber up front; it grows as calls need more. Small,
 * because a program may have thousands of fibers, most of them asleep and shallow:
 * 16,384 slots (clox's fixed stack) would be 128 KiB each.
 */
const STACK_INITIAL = 32;
/** The longest string `+` may build; beyond it a script gets a runtime error. */
export const MAX_STRING_LENGTH = 1 << 26;
/** Budgets are counted in slices of this many instructions (a small integer). */
const SLICE = 1 << 30;

/**
 * What a native returns when its answer is not ready: the fiber stops with a `wait`
 * step, and whoever runs it resumes it with the future's value.
 */
export class Suspend {
  /** @param future resolves to the value the native call evaluates to */
  constructor(readonly future: Future<Value>) {}
}

/** A native's implementation; it throws LoxRuntimeError(message) for a Lox error. */
export type NativeFn = (args: Value[], call: NativeCall) => Value | Suspend;

/** What a native is told about the call. */
export interface NativeCall {
  readonly program: Program;
  readonly fiber: Fiber;
}

/** A native: how many arguments it takes (-1: any) and its code. */
export interface NativeDef {
  readonly arity: number;
  readonly fn: NativeFn;
}

/** The natives a program can call, by global name. */
export type NativeTable = ReadonlyMap<string, NativeDef>;

/** A running program: the globals every fiber shares, and the host's side of it. */
export interface Program {
  readonly globals: Map<string, Value>;
  readonly natives: NativeTable;
  /** Where `print` writes; the text ends in a newline. */
  readonly print: (text: string) => void;
}

/** One active call: which closure, where in its code, where its slots start. */
export interface Frame {
  closure: LoxClosure;
  ip: number;
  base: number;
}

/** One thread of Lox execution: plain data, so `structuredClone` can copy it. */
export interface Fiber {
  readonly stack: Value[];
  /** The first free stack slot. */
  sp: number;
  /** Frame records, reused; the live ones are `frames[0 .. frameCount-1]`. */
  readonly frames: Frame[];
  frameCount: number;
  /** Captured variables still on the stack, ordered by slot. */
  readonly openUpvalues: LoxUpvalue[];
  /** Instructions run so far. */
  steps: number;
}

/** What one `runFiber` slice ended with. */
export type Step =
  | { readonly type: "done"; readonly value: Value }
  | { readonly type: "budget" }
  | { readonly type: "wait"; readonly future: Future<Value> }
  | { readonly type: "error"; readonly error: LoxRuntimeError };

/**
 * A program whose globals hold the given natives, in `globals` if given (a REPL
 * keeps its globals from one line's program to the next).
 *
 * @example
 * ```ts
 * const program = newProgram(standardNatives(() => 0), (text) => out.push(text));
 * ```
 */
export function newProgram(
  natives: NativeTable,
  print: (text: string) => void,
  globals: Map<string, Value> = new Map(),
): Program {
  for (const [name, def] of natives) {
    globals.set(name, newNative(name, def.arity));
  }
  return { globals, natives, print };
}

/** clox's one native: `clock()`, the seconds given by `now` (the runtime's clock). */
export function standardNatives(now: () => number): Map<string, NativeDef> {
  return new Map([["clock", { arity: 0, fn: () => now() }]]);
}

/** A fiber about to call `closure` with `args` (a script: `newClosure(fn)`, no args). */
export function newFiber(
  _program: Program,
  closure: LoxClosure,
  args: readonly Value[] = [],
): Fiber {
  if (args.length !== closure.fn.arity) {
    throw new LoxRuntimeError(
      `Expected ${closure.fn.arity} arguments but got ${args.length}.`,
    );
  }
  // Filled from the start so V8 keeps it a packed (hole-free) array.
  const stack: Value[] = Array.from({ length: STACK_INITIAL }, () => null);
  stack[0] = closure;
  for (let i = 0; i < args.length; i++) stack[1 + i] = args[i];
  return {
    stack,
    sp: 1 + args.length,
    frames: [{ closure, ip: 0, base: 0 }],
    frameCount: 1,
    openUpvalues: [],
    steps: 0,
  };
}

/** A script ready to run: its function wrapped as the fiber's first closure. */
export function scriptFiber(program: Program, fn: LoxFunction): Fiber {
  return newFiber(program, newClosure(fn));
}

/** Give a fiber that stopped with `wait` the value it was waiting for. */
export function resumeFiber(fiber: Fiber, value: Value): void {
  fiber.stack[fiber.sp++] = value;
}

function isInstance(value: Value): value is LoxInstance {
  return typeof value === "object" && value !== null &&
    value.kind === "instance";
}

function isClass(value: Value): value is LoxClass {
  return typeof value === "object" && value !== null && value.kind === "class";
}

/**
 * Run `fiber` for at most `budget` instructions (Infinity: until it stops).
 *
 * @example
 * ```ts
 * const step = runFiber(program, fiber, 1000);
 * if (step.type === "budget") { ... let others run, then call again ... }
 * ```
 */
export function runFiber(program: Program, fiber: Fiber, budget: number): Step {
  if (fiber.frameCount === 0) {
    throw new LoxInternalError("runFiber: this fiber has already finished");
  }
  // Hot state lives in locals; it goes back into the fiber on call, return and exit.
  const stack = fiber.stack;
  const globals = program.globals;
  const frames = fiber.frames;
  let frame = fiber.frames[fiber.frameCount - 1];
  let closure = frame.closure;
  let chunk: Chunk = closure.fn.chunk;
  let code = chunk.code;
  let constants = chunk.constants;
  let ip = frame.ip;
  let base = frame.base;
  let sp = fiber.sp;
  // Instructions left in this slice: a whole number, so counting down reaches 0.
  let left = budget > SLICE ? SLICE : budget > 0 ? Math.floor(budget) : 0;
  const sliceSize = left;

  for (;;) {
    if (left-- === 0) {
      fiber.steps += sliceSize;
      if (budget === Infinity) {
        left = SLICE;
        continue;
      }
      frame.ip = ip;
      fiber.sp = sp;
      return BUDGET;
    }
    const op = code[ip++];
    switch (op) {
      case VmOp.CONSTANT:
        stack[sp++] = constants[code[ip++]];
        break;
      case VmOp.NIL:
        stack[sp++] = null;
        break;
      case VmOp.TRUE:
        stack[sp++] = true;
        break;
      case VmOp.FALSE:
        stack[sp++] = false;
        break;
      case VmOp.POP:
        sp--;
        break;
      case VmOp.GET_LOCAL:
        stack[sp++] = stack[base + code[ip++]];
        break;
      case VmOp.SET_LOCAL:
        stack[base + code[ip++]] = stack[sp - 1];
        break;
      case VmOp.GET_GLOBAL: {
        const name = constants[code[ip++]] as string;
        const value = globals.get(name);
        if (value === undefined) {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            `Undefined variable '${name}'.`,
          );
        }
        stack[sp++] = value;
        break;
      }
      case VmOp.DEFINE_GLOBAL:
        globals.set(constants[code[ip++]] as string, stack[--sp]);
        break;
      case VmOp.SET_GLOBAL: {
        const name = constants[code[ip++]] as string;
        // One hash lookup, as clox does it: set, and undo if the name was new.
        const size = globals.size;
        globals.set(name, stack[sp - 1]);
        if (globals.size !== size) {
          globals.delete(name);
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            `Undefined variable '${name}'.`,
          );
        }
        break;
      }
      case VmOp.GET_UPVALUE: {
        const upvalue = closure.upvalues[code[ip++]];
        stack[sp++] = upvalue.cells[upvalue.index];
        break;
      }
      case VmOp.SET_UPVALUE: {
        const upvalue = closure.upvalues[code[ip++]];
        upvalue.cells[upvalue.index] = stack[sp - 1];
        break;
      }
      case VmOp.GET_PROPERTY: {
        const instance = stack[sp - 1];
        if (!isInstance(instance)) {
          ip++;
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Only instances have properties.",
          );
        }
        const name = constants[code[ip++]] as string;
        const field = instance.fields.get(name);
        if (field !== undefined) {
          stack[sp - 1] = field;
          break;
        }
        const method = instance.klass.methods.get(name);
        if (method === undefined) {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            `Undefined property '${name}'.`,
          );
        }
        stack[sp - 1] = newBoundMethod(instance, method);
        break;
      }
      case VmOp.SET_PROPERTY: {
        const instance = stack[sp - 2];
        if (!isInstance(instance)) {
          ip++;
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Only instances have fields.",
          );
        }
        const value = stack[sp - 1];
        instance.fields.set(constants[code[ip++]] as string, value);
        stack[sp - 2] = value;
        sp--;
        break;
      }
      case VmOp.GET_SUPER: {
        const name = constants[code[ip++]] as string;
        const superclass = stack[--sp] as LoxClass;
        const method = superclass.methods.get(name);
        if (method === undefined) {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            `Undefined property '${name}'.`,
          );
        }
        stack[sp - 1] = newBoundMethod(stack[sp - 1], method);
        break;
      }
      case VmOp.EQUAL: {
        const b = stack[--sp];
        stack[sp - 1] = stack[sp - 1] === b;
        break;
      }
      case VmOp.GREATER: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Operands must be numbers.",
          );
        }
        stack[--sp - 1] = a > b;
        break;
      }
      case VmOp.LESS: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Operands must be numbers.",
          );
        }
        stack[--sp - 1] = a < b;
        break;
      }
      case VmOp.ADD: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a === "number" && typeof b === "number") {
          stack[--sp - 1] = a + b;
        } else if (typeof a === "string" && typeof b === "string") {
          if (a.length + b.length > MAX_STRING_LENGTH) {
            return fail(
              fiber,
              frame,
              ip,
              sp,
              sliceSize - left,
              "String too long.",
            );
          }
          stack[--sp - 1] = a + b;
        } else {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Operands must be two numbers or two strings.",
          );
        }
        break;
      }
      case VmOp.SUBTRACT: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Operands must be numbers.",
          );
        }
        stack[--sp - 1] = a - b;
        break;
      }
      case VmOp.MULTIPLY: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Operands must be numbers.",
          );
        }
        stack[--sp - 1] = a * b;
        break;
      }
      case VmOp.DIVIDE: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Operands must be numbers.",
          );
        }
        stack[--sp - 1] = a / b;
        break;
      }
      case VmOp.NOT:
        stack[sp - 1] = isFalsey(stack[sp - 1]);
        break;
      case VmOp.NEGATE: {
        const a = stack[sp - 1];
        if (typeof a !== "number") {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Operand must be a number.",
          );
        }
        stack[sp - 1] = -a;
        break;
      }
      case VmOp.PRINT:
        program.print(printValue(stack[--sp]) + "\n");
        break;
      case VmOp.JUMP:
        ip += 2 + ((code[ip] << 8) | code[ip + 1]);
        break;
      case VmOp.JUMP_IF_FALSE: {
        const top = stack[sp - 1];
        ip += top === null || top === false
          ? 2 + ((code[ip] << 8) | code[ip + 1])
          : 2;
        break;
      }
      case VmOp.LOOP:
        ip += 2 - ((code[ip] << 8) | code[ip + 1]);
        break;
      case VmOp.CALL: {
        const argc = code[ip++];
        const callee = stack[sp - 1 - argc];
        if (
          typeof callee === "object" && callee !== null &&
          callee.kind === "closure"
        ) {
          // The common case, inline: push a frame and carry on in the callee.
          const fn = callee.fn;
          if (argc !== fn.arity) {
            return fail(
              fiber,
              frame,
              ip,
              sp,
              sliceSize - left,
              `Expected ${fn.arity} arguments but got ${argc}.`,
            );
          }
          if (fiber.frameCount === FRAMES_MAX) {
            return fail(
              fiber,
              frame,
              ip,
              sp,
              sliceSize - left,
              "Stack overflow.",
            );
          }
          frame.ip = ip;
          base = sp - argc - 1;
          // pushFrame, written out: this is the hottest path of a call-heavy program.
          const depth = fiber.frameCount++;
          const reused = depth < frames.length ? frames[depth] : undefined;
          if (reused === undefined) {
            frame = { closure: callee, ip: 0, base };
            frames.push(frame);
          } else {
            reused.closure = callee;
            reused.ip = 0;
            reused.base = base;
            frame = reused;
          }
          closure = callee;
          chunk = fn.chunk;
          code = chunk.code;
          constants = chunk.constants;
          ip = 0;
          break;
        }
        frame.ip = ip;
        fiber.sp = sp;
        const outcome = callValue(program, fiber, callee, argc);
        if (typeof outcome === "string") {
          return fail(fiber, frame, ip, sp, sliceSize - left, outcome);
        }
        if (outcome !== undefined) {
          fiber.steps += sliceSize - left;
          return { type: "wait", future: outcome.future };
        }
        frame = frames[fiber.frameCount - 1];
        closure = frame.closure;
        chunk = closure.fn.chunk;
        code = chunk.code;
        constants = chunk.constants;
        ip = frame.ip;
        base = frame.base;
        sp = fiber.sp;
        break;
      }
      case VmOp.INVOKE:
      case VmOp.SUPER_INVOKE: {
        const name = constants[code[ip++]] as string;
        const argc = code[ip++];
        if (op === VmOp.INVOKE) {
          // The common case, inline: a method (not a field) called with the right
          // number of arguments. Everything else takes invoke() below.
          const receiver = stack[sp - 1 - argc];
          if (isInstance(receiver) && !receiver.fields.has(name)) {
            const method = receiver.klass.methods.get(name);
            if (
              method !== undefined && method.fn.arity === argc &&
              fiber.frameCount < FRAMES_MAX
            ) {
              frame.ip = ip;
              base = sp - argc - 1;
              frame = pushFrame(fiber, method, base);
              closure = method;
              chunk = method.fn.chunk;
              code = chunk.code;
              constants = chunk.constants;
              ip = 0;
              break;
            }
          }
        }
        frame.ip = ip;
        fiber.sp = sp;
        const outcome = op === VmOp.INVOKE
          ? invoke(program, fiber, name, argc)
          : superInvoke(fiber, name, argc);
        if (typeof outcome === "string") {
          return fail(fiber, frame, ip, sp, sliceSize - left, outcome);
        }
        if (outcome !== undefined) {
          fiber.steps += sliceSize - left;
          return { type: "wait", future: outcome.future };
        }
        frame = frames[fiber.frameCount - 1];
        closure = frame.closure;
        chunk = closure.fn.chunk;
        code = chunk.code;
        constants = chunk.constants;
        ip = frame.ip;
        base = frame.base;
        sp = fiber.sp;
        break;
      }
      case VmOp.CLOSURE: {
        const fn = constants[code[ip++]] as LoxFunction;
        const made = newClosure(fn);
        stack[sp++] = made;
        for (let i = 0; i < fn.upvalueCount; i++) {
          const isLocal = code[ip++];
          const index = code[ip++];
          made.upvalues.push(
            isLocal
              ? captureUpvalue(fiber, base + index)
              : closure.upvalues[index],
          );
        }
        break;
      }
      case VmOp.CLOSE_UPVALUE:
        closeUpvalues(fiber, sp - 1);
        sp--;
        break;
      case VmOp.RETURN: {
        const result = stack[--sp];
        if (fiber.openUpvalues.length > 0) closeUpvalues(fiber, base);
        const depth = --fiber.frameCount;
        if (depth === 0) {
          fiber.sp = 0;
          fiber.steps += sliceSize - left;
          return { type: "done", value: result };
        }
        sp = base;
        stack[sp++] = result;
        frame = frames[depth - 1];
        closure = frame.closure;
        chunk = closure.fn.chunk;
        code = chunk.code;
        constants = chunk.constants;
        ip = frame.ip;
        base = frame.base;
        break;
      }
      case VmOp.CLASS:
        stack[sp++] = newClass(constants[code[ip++]] as string);
        break;
      case VmOp.INHERIT: {
        const superclass = stack[sp - 2];
        if (!isClass(superclass)) {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Superclass must be a class.",
          );
        }
        const subclass = stack[sp - 1] as LoxClass;
        for (const [name, method] of superclass.methods) {
          subclass.methods.set(name, method);
        }
        subclass.init = superclass.init;
        sp--;
        break;
      }
      case VmOp.METHOD: {
        const name = constants[code[ip++]] as string;
        const method = stack[sp - 1] as LoxClosure;
        const klass = stack[sp - 2] as LoxClass;
        klass.methods.set(name, method);
        if (name === "init") klass.init = method;
        sp--;
        break;
      }
      // Superinstructions (see optimize.ts). ip is at the GET_LOCAL's slot; the
      // constant's index is 2 bytes on, the operator's own byte 3 on. Anything but
      // two numbers takes the long way: push both and run the original operator.
      case VmOp.GET_LOCAL_CONSTANT_ADD: {
        const a = stack[base + code[ip]];
        const b = constants[code[ip + 2]];
        if (typeof a === "number" && typeof b === "number") {
          stack[sp++] = a + b;
          ip += 4;
        } else {
          stack[sp++] = a;
          stack[sp++] = b;
          ip += 3;
        }
        break;
      }
      case VmOp.GET_LOCAL_CONSTANT_SUBTRACT: {
        const a = stack[base + code[ip]];
        const b = constants[code[ip + 2]];
        if (typeof a === "number" && typeof b === "number") {
          stack[sp++] = a - b;
          ip += 4;
        } else {
          stack[sp++] = a;
          stack[sp++] = b;
          ip += 3;
        }
        break;
      }
      case VmOp.GET_LOCAL_CONSTANT_LESS: {
        const a = stack[base + code[ip]];
        const b = constants[code[ip + 2]];
        if (typeof a === "number" && typeof b === "number") {
          stack[sp++] = a < b;
          ip += 4;
        } else {
          stack[sp++] = a;
          stack[sp++] = b;
          ip += 3;
        }
        break;
      }
      case VmOp.GET_LOCAL_CONSTANT_GREATER: {
        const a = stack[base + code[ip]];
        const b = constants[code[ip + 2]];
        if (typeof a === "number" && typeof b === "number") {
          stack[sp++] = a > b;
          ip += 4;
        } else {
          stack[sp++] = a;
          stack[sp++] = b;
          ip += 3;
        }
        break;
      }
      case VmOp.JUMP_IF_FALSE_POP: {
        // Covers JUMP_IF_FALSE and the POP after it; the jump's target is a POP too,
        // which a false condition skips, having popped already.
        const top = stack[--sp];
        ip += top === null || top === false
          ? 3 + ((code[ip] << 8) | code[ip + 1])
          : 3;
        break;
      }
      case VmOp.GET_LOCAL_GET_PROPERTY: {
        // `this.x`: a field of a local instance. Anything else (a method, an
        // error) takes the long way: push the local and run the GET_PROPERTY.
        const instance = stack[base + code[ip]];
        if (isInstance(instance)) {
          const field = instance.fields.get(constants[code[ip + 2]] as string);
          if (field !== undefined) {
            stack[sp++] = field;
            ip += 3;
            break;
          }
        }
        stack[sp++] = instance;
        ip += 1;
        break;
      }
      case VmOp.SET_LOCAL_POP:
        stack[base + code[ip]] = stack[--sp];
        ip += 2;
        break;
      case VmOp.SET_GLOBAL_POP: {
        const name = constants[code[ip]] as string;
        const size = globals.size;
        globals.set(name, stack[sp - 1]);
        if (globals.size !== size) {
          globals.delete(name);
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            `Undefined variable '${name}'.`,
          );
        }
        sp--;
        ip += 2;
        break;
      }
      case VmOp.SET_PROPERTY_POP: {
        const instance = stack[sp - 2];
        if (!isInstance(instance)) {
          return fail(
            fiber,
            frame,
            ip,
            sp,
            sliceSize - left,
            "Only instances have fields.",
          );
        }
        instance.fields.set(constants[code[ip]] as string, stack[sp - 1]);
        sp -= 2;
        ip += 2;
        break;
      }
      default:
        throw new LoxInternalError(`unknown opcode ${op} at ${ip - 1}`);
    }
  }
}

/** Stop with a runtime error, after saving where the fiber was for the trace. */
function fail(
  fiber: Fiber,
  frame: Frame,
  ip: number,
  sp: number,
  steps: number,
  message: string,
): Step {
  frame.ip = ip;
  fiber.sp = sp;
  fiber.steps += steps;
  return { type: "error", error: runtimeError(fiber, message) };
}

const BUDGET: Step = Object.freeze({ type: "budget" });

function pushFrame(fiber: Fiber, closure: LoxClosure, base: number): Frame {
  const frames = fiber.frames;
  let frame = frames[fiber.frameCount];
  if (frame === undefined) {
    frame = { closure, ip: 0, base };
    frames.push(frame);
  } else {
    frame.closure = closure;
    frame.ip = 0;
    frame.base = base;
  }
  fiber.frameCount++;
  return frame;
}

/** A call's result: undefined when done, a message for a runtime error, or a wait. */
type CallOutcome = undefined | string | Suspend;

function callClosure(
  fiber: Fiber,
  closure: LoxClosure,
  argc: number,
): CallOutcome {
  if (argc !== closure.fn.arity) {
    return `Expected ${closure.fn.arity} arguments but got ${argc}.`;
  }
  if (fiber.frameCount === FRAMES_MAX) return "Stack overflow.";
  pushFrame(fiber, closure, fiber.sp - argc - 1);
  return undefined;
}

/** Call anything callable sitting under its `argc` arguments on the stack. */
function callValue(
  program: Program,
  fiber: Fiber,
  callee: Value,
  argc: number,
): CallOutcome {
  if (typeof callee !== "object" || callee === null) {
    return "Can only call functions and classes.";
  }
  const stack = fiber.stack;
  switch (callee.kind) {
    case "closure":
      return callClosure(fiber, callee, argc);
    case "bound":
      stack[fiber.sp - argc - 1] = callee.receiver;
      return callClosure(fiber, callee.method, argc);
    case "class": {
      stack[fiber.sp - argc - 1] = newInstance(callee);
      if (callee.init !== null) return callClosure(fiber, callee.init, argc);
      if (argc !== 0) return `Expected 0 arguments but got ${argc}.`;
      return undefined;
    }
    case "native":
      return callNative(program, fiber, callee.name, callee.arity, argc);
  }
  return "Can only call functions and classes.";
}

function callNative(
  program: Program,
  fiber: Fiber,
  name: string,
  arity: number,
  argc: number,
): CallOutcome {
  const def = program.natives.get(name);
  if (def === undefined) return `Native '${name}' is not available here.`;
  if (arity >= 0 && argc !== arity) {
    return `Expected ${arity} arguments but got ${argc}.`;
  }
  const args = fiber.stack.slice(fiber.sp - argc, fiber.sp);
  let result: Value | Suspend;
  try {
    result = def.fn(args, { program, fiber });
  } catch (error) {
    if (error instanceof LoxRuntimeError) return error.message;
    throw error;
  }
  fiber.sp -= argc + 1;
  if (result instanceof Suspend) return result;
  fiber.stack[fiber.sp++] = result;
  return undefined;
}

function invoke(
  program: Program,
  fiber: Fiber,
  name: string,
  argc: number,
): CallOutcome {
  const receiver = fiber.stack[fiber.sp - argc - 1];
  if (!isInstance(receiver)) return "Only instances have methods.";
  // A field holding a function shadows a method of the same name.
  const field = receiver.fields.get(name);
  if (field !== undefined) {
    fiber.stack[fiber.sp - argc - 1] = field;
    return callValue(program, fiber, field, argc);
  }
  const method = receiver.klass.methods.get(name);
  if (method === undefined) return `Undefined property '${name}'.`;
  return callClosure(fiber, method, argc);
}

function superInvoke(fiber: Fiber, name: string, argc: number): CallOutcome {
  const superclass = fiber.stack[--fiber.sp] as LoxClass;
  const method = superclass.methods.get(name);
  if (method === undefined) return `Undefined property '${name}'.`;
  return callClosure(fiber, method, argc);
}

/** The upvalue for stack `slot`, shared if a closure already captured it. */
function captureUpvalue(fiber: Fiber, slot: number): LoxUpvalue {
  const open = fiber.openUpvalues;
  let i = open.length - 1;
  while (i >= 0 && open[i].index > slot) i--;
  if (i >= 0 && open[i].index === slot) return open[i];
  const created: LoxUpvalue = {
    kind: "upvalue",
    cells: fiber.stack,
    index: slot,
  };
  open.splice(i + 1, 0, created);
  return created;
}

/** Move every captured variable at or above `last` off the stack into its upvalue. */
function closeUpvalues(fiber: Fiber, last: number): void {
  const open = fiber.openUpvalues;
  while (open.length > 0 && open[open.length - 1].index >= last) {
    const upvalue = open[open.length - 1];
    open.pop();
    upvalue.cells = [fiber.stack[upvalue.index]];
    upvalue.index = 0;
  }
}

/**
 * clox's trace of where `fiber` stands: one line per frame, innermost first. The
 * fiber layer uses it too, for an error raised while a fiber waits (a failed join).
 */
export function traceOf(fiber: Fiber): string[] {
  const trace: string[] = [];
  for (let i = fiber.frameCount - 1; i >= 0; i--) {
    const frame = fiber.frames[i];
    const fn = frame.closure.fn;
    // ip has moved past the failing instruction; any byte of it has its line.
    const line = fn.chunk.lines[Math.max(0, frame.ip - 1)];
    trace.push(
      `[line ${line}] in ${fn.name === null ? "script" : fn.name + "()"}`,
    );
  }
  return trace;
}

/** The error with clox's trace: one line per frame, innermost first. */
function runtimeError(fiber: Fiber, message: string): LoxRuntimeError {
  const trace = traceOf(fiber);
  // The fiber is finished: a runtime error unwinds everything, as in clox.
  fiber.frameCount = 0;
  fiber.sp = 0;
  fiber.openUpvalues.length = 0;
  return new LoxRuntimeError(message, trace);
}
