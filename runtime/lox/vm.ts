/**
 * The virtual machine: clox's bytecode loop, run in slices. All program state is
 * plain data — a fiber's value stack, call frames and open upvalues, and the program's
 * globals — so no JavaScript call stack holds Lox state: a Lox call pushes a frame, and
 * `runFiber` can stop after any instruction and be called again later (or on a copy).
 *
 * @module
 */

import type { Future } from "../../lessons/01-futures/future.ts";
import type { Chunk } from "./chunk.ts";
import { LoxRuntimeError } from "./errors.ts";
import { Op } from "./opcodes.ts";
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
} from "./value.ts";

/** At most this many calls deep, the script's own frame included. */
export const FRAMES_MAX = 64;
/** Stack slots set aside for a fiber up front (it grows past this if it must). */
const STACK_INITIAL = FRAMES_MAX * 256;
/** The longest string `+` may build; beyond it a script gets a runtime error. */
export const MAX_STRING_LENGTH = 1 << 28;
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
 * A program whose globals hold the given natives.
 *
 * @example
 * ```ts
 * const program = newProgram(standardNatives(() => 0), (text) => out.push(text));
 * ```
 */
export function newProgram(
  natives: NativeTable,
  print: (text: string) => void,
): Program {
  const globals = new Map<string, Value>();
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
  const stack: Value[] = new Array(STACK_INITIAL).fill(null);
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
    throw new Error("runFiber: this fiber has already finished");
  }
  // Hot state lives in locals; it goes back into the fiber on call, return and exit.
  const stack = fiber.stack;
  const globals = program.globals;
  let frame = fiber.frames[fiber.frameCount - 1];
  let closure = frame.closure;
  let chunk: Chunk = closure.fn.chunk;
  let code = chunk.code;
  let constants = chunk.constants;
  let ip = frame.ip;
  let base = frame.base;
  let sp = fiber.sp;
  let left = budget > SLICE ? SLICE : budget; // instructions left in this slice
  let sliceSize = left;
  let error = "";

  for (;;) {
    if (left-- === 0) {
      fiber.steps += sliceSize;
      if (budget === Infinity) {
        left = sliceSize = SLICE;
        continue;
      }
      frame.ip = ip;
      fiber.sp = sp;
      return BUDGET;
    }
    const op = code[ip++];
    switch (op) {
      case Op.CONSTANT:
        stack[sp++] = constants[code[ip++]];
        break;
      case Op.NIL:
        stack[sp++] = null;
        break;
      case Op.TRUE:
        stack[sp++] = true;
        break;
      case Op.FALSE:
        stack[sp++] = false;
        break;
      case Op.POP:
        sp--;
        break;
      case Op.GET_LOCAL:
        stack[sp++] = stack[base + code[ip++]];
        break;
      case Op.SET_LOCAL:
        stack[base + code[ip++]] = stack[sp - 1];
        break;
      case Op.GET_GLOBAL: {
        const name = constants[code[ip++]] as string;
        const value = globals.get(name);
        if (value === undefined) {
          error = `Undefined variable '${name}'.`;
          break;
        }
        stack[sp++] = value;
        break;
      }
      case Op.DEFINE_GLOBAL:
        globals.set(constants[code[ip++]] as string, stack[--sp]);
        break;
      case Op.SET_GLOBAL: {
        const name = constants[code[ip++]] as string;
        if (!globals.has(name)) {
          error = `Undefined variable '${name}'.`;
          break;
        }
        globals.set(name, stack[sp - 1]);
        break;
      }
      case Op.GET_UPVALUE: {
        const upvalue = closure.upvalues[code[ip++]];
        stack[sp++] = upvalue.cells[upvalue.index];
        break;
      }
      case Op.SET_UPVALUE: {
        const upvalue = closure.upvalues[code[ip++]];
        upvalue.cells[upvalue.index] = stack[sp - 1];
        break;
      }
      case Op.GET_PROPERTY: {
        const instance = stack[sp - 1];
        if (!isInstance(instance)) {
          ip++;
          error = "Only instances have properties.";
          break;
        }
        const name = constants[code[ip++]] as string;
        const field = instance.fields.get(name);
        if (field !== undefined) {
          stack[sp - 1] = field;
          break;
        }
        const method = instance.klass.methods.get(name);
        if (method === undefined) {
          error = `Undefined property '${name}'.`;
          break;
        }
        stack[sp - 1] = newBoundMethod(instance, method);
        break;
      }
      case Op.SET_PROPERTY: {
        const instance = stack[sp - 2];
        if (!isInstance(instance)) {
          ip++;
          error = "Only instances have fields.";
          break;
        }
        const value = stack[sp - 1];
        instance.fields.set(constants[code[ip++]] as string, value);
        stack[sp - 2] = value;
        sp--;
        break;
      }
      case Op.GET_SUPER: {
        const name = constants[code[ip++]] as string;
        const superclass = stack[--sp] as LoxClass;
        const method = superclass.methods.get(name);
        if (method === undefined) {
          error = `Undefined property '${name}'.`;
          break;
        }
        stack[sp - 1] = newBoundMethod(stack[sp - 1], method);
        break;
      }
      case Op.EQUAL: {
        const b = stack[--sp];
        stack[sp - 1] = stack[sp - 1] === b;
        break;
      }
      case Op.GREATER: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          error = "Operands must be numbers.";
          break;
        }
        stack[--sp - 1] = a > b;
        break;
      }
      case Op.LESS: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          error = "Operands must be numbers.";
          break;
        }
        stack[--sp - 1] = a < b;
        break;
      }
      case Op.ADD: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a === "number" && typeof b === "number") {
          stack[--sp - 1] = a + b;
        } else if (typeof a === "string" && typeof b === "string") {
          if (a.length + b.length > MAX_STRING_LENGTH) {
            error = "String too long.";
            break;
          }
          stack[--sp - 1] = a + b;
        } else {
          error = "Operands must be two numbers or two strings.";
        }
        break;
      }
      case Op.SUBTRACT: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          error = "Operands must be numbers.";
          break;
        }
        stack[--sp - 1] = a - b;
        break;
      }
      case Op.MULTIPLY: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          error = "Operands must be numbers.";
          break;
        }
        stack[--sp - 1] = a * b;
        break;
      }
      case Op.DIVIDE: {
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (typeof a !== "number" || typeof b !== "number") {
          error = "Operands must be numbers.";
          break;
        }
        stack[--sp - 1] = a / b;
        break;
      }
      case Op.NOT:
        stack[sp - 1] = isFalsey(stack[sp - 1]);
        break;
      case Op.NEGATE: {
        const a = stack[sp - 1];
        if (typeof a !== "number") {
          error = "Operand must be a number.";
          break;
        }
        stack[sp - 1] = -a;
        break;
      }
      case Op.PRINT:
        program.print(printValue(stack[--sp]) + "\n");
        break;
      case Op.JUMP:
        ip += 2 + ((code[ip] << 8) | code[ip + 1]);
        break;
      case Op.JUMP_IF_FALSE: {
        const top = stack[sp - 1];
        ip += top === null || top === false
          ? 2 + ((code[ip] << 8) | code[ip + 1])
          : 2;
        break;
      }
      case Op.LOOP:
        ip += 2 - ((code[ip] << 8) | code[ip + 1]);
        break;
      case Op.CALL: {
        const argc = code[ip++];
        const callee = stack[sp - 1 - argc];
        if (
          typeof callee === "object" && callee !== null &&
          callee.kind === "closure"
        ) {
          // The common case, inline: push a frame and carry on in the callee.
          const fn = callee.fn;
          if (argc !== fn.arity) {
            error = `Expected ${fn.arity} arguments but got ${argc}.`;
            break;
          }
          if (fiber.frameCount === FRAMES_MAX) {
            error = "Stack overflow.";
            break;
          }
          frame.ip = ip;
          base = sp - argc - 1;
          frame = pushFrame(fiber, callee, base);
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
          error = outcome;
          break;
        }
        if (outcome !== undefined) {
          fiber.steps += sliceSize - left;
          return { type: "wait", future: outcome.future };
        }
        frame = fiber.frames[fiber.frameCount - 1];
        closure = frame.closure;
        chunk = closure.fn.chunk;
        code = chunk.code;
        constants = chunk.constants;
        ip = frame.ip;
        base = frame.base;
        sp = fiber.sp;
        break;
      }
      case Op.INVOKE:
      case Op.SUPER_INVOKE: {
        const name = constants[code[ip++]] as string;
        const argc = code[ip++];
        frame.ip = ip;
        fiber.sp = sp;
        const outcome = op === Op.INVOKE
          ? invoke(program, fiber, name, argc)
          : superInvoke(fiber, name, argc);
        if (typeof outcome === "string") {
          error = outcome;
          break;
        }
        if (outcome !== undefined) {
          fiber.steps += sliceSize - left;
          return { type: "wait", future: outcome.future };
        }
        frame = fiber.frames[fiber.frameCount - 1];
        closure = frame.closure;
        chunk = closure.fn.chunk;
        code = chunk.code;
        constants = chunk.constants;
        ip = frame.ip;
        base = frame.base;
        sp = fiber.sp;
        break;
      }
      case Op.CLOSURE: {
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
      case Op.CLOSE_UPVALUE:
        closeUpvalues(fiber, sp - 1);
        sp--;
        break;
      case Op.RETURN: {
        const result = stack[--sp];
        if (fiber.openUpvalues.length > 0) closeUpvalues(fiber, base);
        fiber.frameCount--;
        if (fiber.frameCount === 0) {
          fiber.sp = 0;
          fiber.steps += sliceSize - left;
          return { type: "done", value: result };
        }
        sp = base;
        stack[sp++] = result;
        frame = fiber.frames[fiber.frameCount - 1];
        closure = frame.closure;
        chunk = closure.fn.chunk;
        code = chunk.code;
        constants = chunk.constants;
        ip = frame.ip;
        base = frame.base;
        break;
      }
      case Op.CLASS:
        stack[sp++] = newClass(constants[code[ip++]] as string);
        break;
      case Op.INHERIT: {
        const superclass = stack[sp - 2];
        if (!isClass(superclass)) {
          error = "Superclass must be a class.";
          break;
        }
        const subclass = stack[sp - 1] as LoxClass;
        for (const [name, method] of superclass.methods) {
          subclass.methods.set(name, method);
        }
        subclass.init = superclass.init;
        sp--;
        break;
      }
      case Op.METHOD: {
        const name = constants[code[ip++]] as string;
        const method = stack[sp - 1] as LoxClosure;
        const klass = stack[sp - 2] as LoxClass;
        klass.methods.set(name, method);
        if (name === "init") klass.init = method;
        sp--;
        break;
      }
      default:
        throw new Error(`unknown opcode ${op} at ${ip - 1}`);
    }
    if (error !== "") {
      frame.ip = ip;
      fiber.sp = sp;
      fiber.steps += sliceSize - left;
      return { type: "error", error: runtimeError(fiber, error) };
    }
  }
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

/** The error with clox's trace: one line per frame, innermost first. */
function runtimeError(fiber: Fiber, message: string): LoxRuntimeError {
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
  // The fiber is finished: a runtime error unwinds everything, as in clox.
  fiber.frameCount = 0;
  fiber.sp = 0;
  fiber.openUpvalues.length = 0;
  return new LoxRuntimeError(message, trace);
}
