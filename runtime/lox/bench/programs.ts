/**
 * The Lox benchmark programs, each beside its plain-JavaScript twin: the same
 * algorithm doing the same work, written as ordinary Deno code. Every program starts
 * with `var size = N;`, so one table drives the benchmarks, the tests and a one-off
 * bigger run (fib(35)).
 *
 * @module
 */

import binaryTreesSource from "./binary_trees.lox" with { type: "text" };
import fibSource from "./fib.lox" with { type: "text" };
import instantiationSource from "./instantiation.lox" with { type: "text" };
import invocationSource from "./invocation.lox" with { type: "text" };
import methodCallSource from "./method_call.lox" with { type: "text" };
import propertiesSource from "./properties.lox" with { type: "text" };
import stringEqualitySource from "./string_equality.lox" with { type: "text" };
import zooSource from "./zoo.lox" with { type: "text" };
import { binaryTreesChecksum } from "./binary_trees.ts";
import { fibChecksum } from "./fib.ts";
import { instantiationChecksum } from "./instantiation.ts";
import { invocationChecksum } from "./invocation.ts";
import { methodCallChecksum } from "./method_call.ts";
import { propertiesChecksum } from "./properties.ts";
import { stringEqualityChecksum } from "./string_equality.ts";
import { zooChecksum } from "./zoo.ts";

/** One benchmark program: its Lox source and its JavaScript twin. */
export interface BenchProgram {
  /** Short name, also the `.lox` file's name without extension. */
  readonly name: string;
  /** The Lox source as written, with its own `var size = N;` first statement. */
  readonly source: string;
  /** The size the source is written with. */
  readonly size: number;
  /** The twin: the numbers the Lox program prints, in order, for a size. */
  readonly twin: (size: number) => number[];
}

/** The line every program starts its work with; {@link withSize} rewrites it. */
const SIZE_LINE = /^var size = (\d+);$/m;

/** Thrown when a program's source lacks its `var size = N;` line. */
export class MissingSizeError extends Error {
  constructor(name: string) {
    super(`${name}.lox has no "var size = N;" line`);
    this.name = "MissingSizeError";
  }
}

function program(
  name: string,
  source: string,
  twin: (size: number) => number[],
): BenchProgram {
  const match = SIZE_LINE.exec(source);
  if (match === null) throw new MissingSizeError(name);
  return { name, source, size: Number(match[1]), twin };
}

/** Every benchmark program, in the order the issue names them. */
export const PROGRAMS: readonly BenchProgram[] = [
  program("fib", fibSource, fibChecksum),
  program("binary_trees", binaryTreesSource, binaryTreesChecksum),
  program("method_call", methodCallSource, methodCallChecksum),
  program("properties", propertiesSource, propertiesChecksum),
  program("instantiation", instantiationSource, instantiationChecksum),
  program("invocation", invocationSource, invocationChecksum),
  program("string_equality", stringEqualitySource, stringEqualityChecksum),
  program("zoo", zooSource, zooChecksum),
];

/** Thrown by {@link benchProgram} for a name no program has. */
export class UnknownProgramError extends Error {
  constructor(name: string) {
    super(`no benchmark program "${name}"`);
    this.name = "UnknownProgramError";
  }
}

/** The program named `name`; throws if there is none (a typo in a bench or test). */
export function benchProgram(name: string): BenchProgram {
  const found = PROGRAMS.find((p) => p.name === name);
  if (found === undefined) throw new UnknownProgramError(name);
  return found;
}

/**
 * The program's source with its size replaced, for a smaller run in tests or a bigger
 * one-off (fib(35)).
 *
 * @example
 * ```ts
 * const fib35 = withSize(benchProgram("fib"), 35);
 * ```
 */
export function withSize(program: BenchProgram, size: number): string {
  return program.source.replace(SIZE_LINE, `var size = ${size};`);
}
