/**
 * Lox values. Numbers, booleans, nil (`null`) and strings are JavaScript primitives;
 * everything else is a plain record tagged by `kind`, made by the factories here. No
 * JavaScript functions or class instances hide inside, so a whole program state can be
 * copied with `structuredClone` and carried on elsewhere.
 *
 * @module
 */

import type { Chunk } from "./chunk.ts";

/** Any Lox value. */
export type Value = number | boolean | null | string | LoxObject;

/** Every heap object. */
export type LoxObject =
  | LoxFunction
  | LoxClosure
  | LoxUpvalue
  | LoxClass
  | LoxInstance
  | LoxBoundMethod
  | LoxNative
  | LoxHandle;

/** Compiled code: what `fun` produces before it captures anything. */
export interface LoxFunction {
  readonly kind: "function";
  /** Null for the top-level script. */
  readonly name: string | null;
  readonly arity: number;
  readonly upvalueCount: number;
  readonly chunk: Chunk;
}

/** A function together with the variables it captured: what Lox code calls. */
export interface LoxClosure {
  readonly kind: "closure";
  readonly fn: LoxFunction;
  readonly upvalues: LoxUpvalue[];
}

/**
 * A captured variable. While the variable is still on the stack ("open"), `cells` is
 * the fiber's stack array and `index` its slot; when its scope ends the VM "closes" it
 * by giving it a one-element array of its own. Either way the variable is
 * `cells[index]`, so reading it needs no test.
 */
export interface LoxUpvalue {
  readonly kind: "upvalue";
  cells: Value[];
  index: number;
}

/** A class: its name and methods (inherited ones copied in, as clox does). */
export interface LoxClass {
  readonly kind: "class";
  readonly name: string;
  readonly methods: Map<string, LoxClosure>;
  /** `methods.get("init")`, kept at hand because every instantiation needs it. */
  init: LoxClosure | null;
}

/** An instance: its class and its fields. */
export interface LoxInstance {
  readonly kind: "instance";
  readonly klass: LoxClass;
  readonly fields: Map<string, Value>;
}

/** A method read off an instance, remembering the instance as `this`. */
export interface LoxBoundMethod {
  readonly kind: "bound";
  readonly receiver: Value;
  readonly method: LoxClosure;
}

/** A function of the host; its code is looked up by name in the program's table. */
export interface LoxNative {
  readonly kind: "native";
  readonly name: string;
  /** How many arguments it takes, or -1 for any number. */
  readonly arity: number;
}

/** A host resource (task, channel, socket); the resource lives in a table outside. */
export interface LoxHandle {
  readonly kind: "handle";
  readonly type: "task" | "channel" | "connection" | "listener";
  readonly id: number;
}

/** A compiled function (`name` null for the top-level script). */
export function newFunction(
  name: string | null,
  arity: number,
  upvalueCount: number,
  chunk: Chunk,
): LoxFunction {
  return { kind: "function", name, arity, upvalueCount, chunk };
}

/** A closure over `fn` with room for its captured variables. */
export function newClosure(fn: LoxFunction): LoxClosure {
  return { kind: "closure", fn, upvalues: [] };
}

/** A class with no methods yet. */
export function newClass(name: string): LoxClass {
  return { kind: "class", name, methods: new Map(), init: null };
}

/** An instance of `klass` with no fields yet. */
export function newInstance(klass: LoxClass): LoxInstance {
  return { kind: "instance", klass, fields: new Map() };
}

/** `method` bound to `receiver`. */
export function newBoundMethod(
  receiver: Value,
  method: LoxClosure,
): LoxBoundMethod {
  return { kind: "bound", receiver, method };
}

/** A native named `name` taking `arity` arguments (-1: any). */
export function newNative(name: string, arity: number): LoxNative {
  return { kind: "native", name, arity };
}

/** A handle to host resource `id` of the given type. */
export function newHandle(type: LoxHandle["type"], id: number): LoxHandle {
  return { kind: "handle", type, id };
}

/** Lox truth: only `nil` and `false` are false. */
export function isFalsey(value: Value): boolean {
  return value === null || value === false;
}

/**
 * Lox equality. JavaScript's `===` is exactly it: IEEE for numbers (`nan != nan`),
 * by value for strings, by identity for objects.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  return a === b;
}

/**
 * A value as `print` shows it.
 *
 * @example
 * ```ts
 * printValue(1000000); // "1e+06"
 * printValue(null); // "nil"
 * ```
 */
export function printValue(value: Value): string {
  if (value === null) return "nil";
  switch (typeof value) {
    case "number":
      return formatNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return value;
  }
  switch (value.kind) {
    case "function":
      return value.name === null ? "<script>" : `<fn ${value.name}>`;
    case "closure":
      return printValue(value.fn);
    case "upvalue":
      return "upvalue";
    case "class":
      return value.name;
    case "instance":
      return `${value.klass.name} instance`;
    case "bound":
      return printValue(value.method.fn);
    case "native":
      return "<native fn>";
    case "handle":
      return `<${value.type} ${value.id}>`;
  }
}

/**
 * A number as C's `printf("%g")` writes it: six significant digits, trailing zeros
 * dropped, exponent form below 1e-4 or from 1e6 up. Rounding is done on the double's
 * exact decimal value, ties to even, as C does (JavaScript's toFixed and toExponential
 * round ties up: 123456.5 would print 123457 instead of clox's 123456).
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  // The common case, small integers, needs no rounding at all.
  if (Number.isInteger(n) && Math.abs(n) < 1e6) return String(n);
  const sign = n < 0 ? "-" : "";
  const [digits, exponent] = roundToSignificant(exactDecimal(Math.abs(n)), 6);
  if (exponent < -4 || exponent >= 6) {
    const mantissa = stripZeros(digits[0] + "." + digits.slice(1));
    const expSign = exponent < 0 ? "-" : "+";
    const expDigits = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${mantissa}e${expSign}${expDigits}`;
  }
  let fixed: string;
  if (exponent >= 0) {
    fixed = digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
  } else {
    fixed = "0." + "0".repeat(-exponent - 1) + digits;
  }
  return sign + stripZeros(fixed);
}

/** A positive double's exact value as its decimal digits `d` and the exponent `e`
 * of the first digit: the value is `0.d × 10^(e+1)`, i.e. `d[0].d[1..] × 10^e`. */
function exactDecimal(x: number): [string, number] {
  // Every double is an integer times a power of two, so its decimal form is finite.
  let exponent2 = 0;
  let mantissa = x;
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2; // exact: only the exponent changes
    exponent2--;
  }
  let digits: string;
  let pointShift: number; // the value is digits × 10^-pointShift
  if (exponent2 === 0) {
    digits = BigInt(mantissa).toString();
    pointShift = 0;
  } else {
    // m / 2^k = m × 5^k / 10^k
    digits = (BigInt(mantissa) * 5n ** BigInt(-exponent2)).toString();
    pointShift = -exponent2;
  }
  const stripped = digits.replace(/0+$/, "");
  return [stripped, digits.length - 1 - pointShift];
}

/** Round exact digits to `precision` significant digits, ties to even. */
function roundToSignificant(
  [digits, exponent]: [string, number],
  precision: number,
): [string, number] {
  if (digits.length <= precision) {
    return [digits.padEnd(precision, "0"), exponent];
  }
  const kept = digits.slice(0, precision);
  const rest = digits.slice(precision);
  const half = rest[0] > "5" ||
    (rest[0] === "5" && /[1-9]/.test(rest.slice(1)));
  const tie = rest[0] === "5" && !/[1-9]/.test(rest.slice(1));
  const odd = Number(kept[kept.length - 1]) % 2 === 1;
  if (!(half || (tie && odd))) return [kept, exponent];
  const bumped = (BigInt(kept) + 1n).toString();
  // 999999 + 1 gains a digit: the exponent grows and the last zero goes.
  if (bumped.length > precision) {
    return [bumped.slice(0, precision), exponent + 1];
  }
  return [bumped, exponent];
}

function stripZeros(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}
