/**
 * The virtual machine: clox's bytecode loop, run in slices. All program state is
 * plain data — a fiber's value stack, call frames and open upvalues, and the program's
 * globals — so no JavaScript call stack holds Lox state: a Lox call pushes a frame, and
 * `runFiber` can stop after any instruction and be called again later (or on a copy).
 *
 * The starter: the types, the instruction numbers, the arithmetic, classes and the
 * superinstructions are written; what the lesson is about throws "not implemented".
 * Do the TODOs in the order of the README's tasks.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
import type { Chunk } from "../12-lox-compiler/chunk.ts";
import { LoxInternalError, LoxRuntimeError } from "../10-lox-parser/errors.ts";
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
} from "../12-lox-compiler/value.ts";

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
  // TODO(task 1): refuse the wrong number of arguments with a LoxRuntimeError
  // ("Expected N arguments but got M."), then lay the stack out as a call would:
  // slot 0 holds the closure, slots 1.. its arguments; one frame, based at 0.
  // Make the stack STACK_INITIAL slots long, filled with null (see STACK_INITIAL).
  void [closure, args, STACK_INITIAL];
  throw new Error(
    "not implemented: newFiber (slot 0, the arguments, one frame)",
  );
}

/** A script ready to run: its function wrapped as the fiber's first closure. */
export function scriptFiber(program: Program, fn: LoxFunction): Fiber {
  return newFiber(program, newClosure(fn));
}

/** Give a fiber that stopped with `wait` the value it was waiting for. */
export function resumeFiber(fiber: Fiber, value: Value): void {
  // TODO(task 7): the native's call already left the stack; its value goes where
  // the call's result would have gone.
  void [fiber, value];
  throw new Error("not implemented: resumeFiber (push the waited value)");
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
      // TODO(task 3): the slice is spent. Count its steps; an Infinity budget
      // starts another slice of SLICE, any other stops here with BUDGET, after
      // saving into the fiber what the next call needs to carry on.
      void BUDGET;
      throw new Error(
        "not implemented: the budget (count the steps, save ip and sp, return BUDGET)",
      );
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
      // TODO(task 2): locals are slots of the current frame, counted from its
      // base; globals live in the program's Map, by the name constant's text.
      case VmOp.GET_LOCAL:
        throw new Error(
          "not implemented: GET_LOCAL (a slot of the current frame)",
        );
      case VmOp.SET_LOCAL:
        throw new Error(
          "not implemented: SET_LOCAL (assignment leaves its value on the stack)",
        );
      case VmOp.GET_GLOBAL:
        throw new Error(
          "not implemented: GET_GLOBAL (or Undefined variable)",
        );
      case VmOp.DEFINE_GLOBAL:
        throw new Error(
          "not implemented: DEFINE_GLOBAL",
        );
      case VmOp.SET_GLOBAL:
        throw new Error(
          "not implemented: SET_GLOBAL (only an existing global)",
        );
      // TODO(task 5): an upvalue's variable is `cells[index]`, open or closed.
      case VmOp.GET_UPVALUE:
        throw new Error(
          "not implemented: GET_UPVALUE",
        );
      case VmOp.SET_UPVALUE:
        throw new Error(
          "not implemented: SET_UPVALUE",
        );
      // TODO(task 6): the instance is on the stack under the value (if any); the
      // name is a constant. The error messages are clox's (see the tests).
      case VmOp.GET_PROPERTY:
        throw new Error(
          "not implemented: GET_PROPERTY (a field, else a bound method)",
        );
      case VmOp.SET_PROPERTY:
        throw new Error(
          "not implemented: SET_PROPERTY",
        );
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
      // TODO(task 2): two operand bytes, big-endian: a distance counted from the
      // end of those bytes, forward (JUMP, JUMP_IF_FALSE) or back (LOOP).
      case VmOp.JUMP:
        throw new Error(
          "not implemented: JUMP",
        );
      case VmOp.JUMP_IF_FALSE:
        throw new Error(
          "not implemented: JUMP_IF_FALSE (the condition stays on the stack)",
        );
      case VmOp.LOOP:
        throw new Error(
          "not implemented: LOOP",
        );
      case VmOp.CALL: {
        const argc = code[ip++];
        // Save where this frame stands: the callee's frame goes on top of it, and
        // an error's trace reads it.
        frame.ip = ip;
        fiber.sp = sp;
        const outcome = callValue(program, fiber, stack[sp - 1 - argc], argc);
        if (typeof outcome === "string") {
          return fail(fiber, frame, ip, sp, sliceSize - left, outcome);
        }
        if (outcome !== undefined) {
          fiber.steps += sliceSize - left;
          return { type: "wait", future: outcome.future };
        }
        // Carry on in whatever frame is on top now: the callee's, or this one
        // (a class with no init, or a native, has left its result on the stack).
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
        // `receiver.name(args)` (or `super.name(args)`) in one instruction,
        // without making a bound method first.
        const name = constants[code[ip++]] as string;
        const argc = code[ip++];
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
      case VmOp.CLOSURE:
        // TODO(task 4): wrap the function constant in a new closure, push it, then
        // read an (isLocal, index) byte pair per upvalue: a local of this frame is
        // captured with captureUpvalue (task 5), anything else is one of this
        // closure's own upvalues.
        void captureUpvalue;
        throw new Error(
          "not implemented: CLOSURE (capture each variable the function names)",
        );
      case VmOp.CLOSE_UPVALUE:
        closeUpvalues(fiber, sp - 1);
        sp--;
        break;
      // TODO(task 1): pop the result; drop the frame. The last frame ends the
      // fiber (count the steps; done). Else the callee's window goes (sp back to
      // its base), the result is pushed, and the caller's frame is reloaded as
      // CALL does. TODO(task 5): first close the upvalues of the frame's slots.
      case VmOp.RETURN:
        throw new Error(
          "not implemented: RETURN (close upvalues, drop the frame, push the result)",
        );
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
  // TODO(task 4): check the arity and the frame limit, then push a frame whose
  // base is the callee's slot (it sits under its argc arguments).
  void [fiber, closure, argc, pushFrame];
  throw new Error(
    "not implemented: callClosure (arity, Stack overflow, pushFrame)",
  );
}

/** Call anything callable sitting under its `argc` arguments on the stack. */
function callValue(
  program: Program,
  fiber: Fiber,
  callee: Value,
  argc: number,
): CallOutcome {
  // TODO(task 4): closures; a bound method (the receiver takes the callee's
  // slot, as `this`); a class (a new instance takes it, then init runs, if any);
  // a native (callNative). Anything else cannot be called.
  void [program, fiber, callee, argc, callNative, newInstance];
  throw new Error("not implemented: callValue (closure, bound, class, native)");
}

function callNative(
  program: Program,
  fiber: Fiber,
  name: string,
  arity: number,
  argc: number,
): CallOutcome {
  // TODO(task 7): find the native's code, check the arity (-1: any), run it on a
  // copy of its arguments. A LoxRuntimeError it throws becomes this call's error
  // message. Then the callee and its arguments leave the stack, and the result
  // takes their place, or a Suspend goes back to the loop as it is.
  void [program, fiber, name, arity, argc];
  throw new Error(
    "not implemented: callNative (arity, run, pop, push or Suspend)",
  );
}

function invoke(
  program: Program,
  fiber: Fiber,
  name: string,
  argc: number,
): CallOutcome {
  // TODO(task 6): only an instance has methods. A field of that name wins (call
  // whatever it holds, in the receiver's slot); else the class's method.
  void [program, fiber, name, argc];
  throw new Error("not implemented: invoke (a field first, then a method)");
}

function superInvoke(fiber: Fiber, name: string, argc: number): CallOutcome {
  const superclass = fiber.stack[--fiber.sp] as LoxClass;
  const method = superclass.methods.get(name);
  if (method === undefined) return `Undefined property '${name}'.`;
  return callClosure(fiber, method, argc);
}

/** The upvalue for stack `slot`, shared if a closure already captured it. */
function captureUpvalue(fiber: Fiber, slot: number): LoxUpvalue {
  // TODO(task 5): fiber.openUpvalues is ordered by slot. Reuse the open upvalue
  // of this slot if there is one, so closures share the variable; else make
  // one pointing into the stack ({ kind, cells: the stack, index: slot }) and
  // insert it in order.
  void [fiber, slot];
  throw new Error(
    "not implemented: captureUpvalue (share, else insert in order)",
  );
}

/** Move every captured variable at or above `last` off the stack into its upvalue. */
function closeUpvalues(fiber: Fiber, last: number): void {
  // TODO(task 5): for each open upvalue at slot `last` or above, copy the value
  // off the stack into a one-cell array of its own, and take it off the list.
  void [fiber, last];
  throw new Error("not implemented: closeUpvalues (move values off the stack)");
}

/**
 * clox's trace of where `fiber` stands: one line per frame, innermost first. The
 * fiber layer uses it too, for an error raised while a fiber waits (a failed join).
 */
export function traceOf(fiber: Fiber): string[] {
  // TODO(task 2): one line per live frame, innermost first: "[line N] in name()"
  // or "[line N] in script". A frame's ip is past the instruction it ran last.
  void fiber;
  throw new Error("not implemented: traceOf (one line per frame)");
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
