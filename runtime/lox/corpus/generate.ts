/**
 * Writes the corpus programs too big to write by hand: those at and just past clox's
 * limits (256 constants per chunk, 256 locals, 256 upvalues, 255 parameters and
 * arguments, 16-bit jumps). Each limit gets a program that fits and one that does not.
 *
 * Run from the repository root after changing it (the corpus runner checks that the
 * files in `corpus/limit/` are what this writes):
 *
 *     deno run --allow-write=runtime/lox/corpus/limit runtime/lox/corpus/generate.ts
 *
 * @module
 */

/** `count` items made by `make`, for building long lists. */
function times(count: number, make: (index: number) => string): string[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

/** Each `print N;` adds one distinct constant to the script's chunk. */
function constants(count: number): string {
  const lines = times(count, (n) => `print ${n}; // expect: ${n}`);
  return lines.join("\n");
}

function tooManyConstants(): string {
  // Constants 0..255 fill the chunk; 256 would be the 257th.
  const lines = times(256, (n) => `print ${n};`);
  lines.push("print 256; // Error at '256': Too many constants in one chunk.");
  return lines.join("\n");
}

function constantsPerFunction(): string {
  // 200 in the script and 200 in f: too many for one chunk, fine for two.
  const adds = (indent: string) => times(200, (n) => `${indent}s = s + ${n};`);
  return [
    "fun f() {",
    "  var s = 0;",
    ...adds("  "),
    "  return s;",
    "}",
    "{",
    "  var s = 0;",
    ...adds("  "),
    "  print s; // expect: 19900",
    "}",
    "print f(); // expect: 19900",
  ].join("\n");
}

function locals(count: number, last: string): string {
  // Slot 0 is reserved, so a block can hold 255 locals of its own.
  return [
    "{",
    ...times(count - 1, (n) => `  var a${n};`),
    last,
    "}",
  ].join("\n");
}

function upvalues(count: number): string {
  // 200 from the outer function and the rest from the middle one.
  const fromMiddle = count - 200;
  const reads = [
    ...times(200, (n) => `      sum = sum + a${n};`),
    ...times(fromMiddle, (n) => `      sum = sum + b${n};`),
  ];
  if (count > 256) {
    reads[reads.length - 1] += ` // Error at 'b${
      fromMiddle - 1
    }': Too many closure variables in function.`;
  }
  const lines = [
    "fun outer() {",
    ...times(200, (n) => `  var a${n} = 1;`),
    "  fun middle() {",
    ...times(100, (n) => `    var b${n} = 1;`),
    "    fun inner() {",
    "      var sum = 0;",
    ...reads,
    "      return sum;",
    "    }",
    "    return inner;",
    "  }",
    "  return middle;",
    "}",
  ];
  if (count <= 256) lines.push(`print outer()()(); // expect: ${count}`);
  return lines.join("\n");
}

function parameters(count: number): string {
  const names = times(count, (n) => `p${n}`);
  if (count > 255) {
    return [
      `fun f(${names.slice(0, -1).join(", ")},`,
      `  ${names[count - 1]}) {} // Error at '${
        names[count - 1]
      }': Can't have more than 255 parameters.`,
    ].join("\n");
  }
  return [
    `fun f(${names.join(", ")}) {`,
    `  return ${names[count - 1]};`,
    "}",
    `print f(${
      times(count - 1, () => "nil").join(", ")
    }, "last"); // expect: last`,
  ].join("\n");
}

function tooManyArguments(): string {
  return [
    "fun f() {}",
    `f(${times(255, () => "nil").join(", ")},`,
    "  nil); // Error at 'nil': Can't have more than 255 arguments.",
  ].join("\n");
}

/** One line of 32 bytes of clox bytecode: 10 reads, 9 adds, a store and a pop. */
const HEAVY_LINE = `a = ${times(10, () => "a").join(" + ")};`;

function jump(lines: number, fits: boolean): string {
  return [
    "{",
    "  var a = 0;",
    "  if (a == 0) {",
    ...times(lines, () => `    ${HEAVY_LINE}`),
    fits ? "  }" : "  } // Error at '}': Too much code to jump over.",
    ...(fits
      ? ['  print "jumped"; // expect: jumped', "  print a; // expect: 0"]
      : []),
    "}",
  ].join("\n");
}

function loop(lines: number, fits: boolean): string {
  return [
    "{",
    "  var a = 0;",
    "  var n = 0;",
    "  while (n < 2) {",
    "    n = n + 1;",
    ...times(lines, () => `    ${HEAVY_LINE}`),
    fits ? "  }" : "  } // Error at '}': Loop body too large.",
    ...(fits ? ["  print n; // expect: 2"] : []),
    "}",
  ].join("\n");
}

function elseJump(lines: number): string {
  return [
    "{",
    "  var a = 0;",
    "  if (a == 1) {",
    "  } else {",
    ...times(lines, () => `    ${HEAVY_LINE}`),
    "  } // Error at '}': Too much code to jump over.",
    "}",
  ].join("\n");
}

function forLoop(lines: number): string {
  return [
    "{",
    "  var a = 0;",
    "  for (var i = 0; i < 1; i = i + 1) {",
    ...times(lines, () => `    ${HEAVY_LINE}`),
    "  } // Error at '}': Loop body too large.",
    "}",
  ].join("\n");
}

/**
 * `and`/`or` jump over their right operand: one long flat sum of a local, 3 bytes a
 * term, 100 terms a line. clox parses such a chain with a loop, not recursion.
 */
function logical(operator: "and" | "or", terms: number, fits: boolean): string {
  const rows = times(terms / 100, () => times(100, () => "a").join(" + "));
  const left = operator === "and" ? "true" : "false";
  return [
    "{",
    "  var a = 0;",
    `  print ${left} ${operator} (`,
    ...rows.map((row, i) => `    ${row}${i < rows.length - 1 ? " +" : ""}`),
    fits
      ? "  ); // expect: 0"
      : "  ); // Error at ')': Too much code to jump over.",
    "}",
  ].join("\n");
}

/**
 * The generated programs by file name (in `corpus/limit/`), each ending in "\n".
 * Jump sizes keep a wide margin around 65,535 bytes (about 38 KB and 96 KB of clox
 * bytecode), so an encoding a little denser or looser than clox's lands the same way.
 */
export function limitPrograms(): Map<string, string> {
  const programs = new Map<string, string>([
    ["constants_256.lox", constants(256)],
    ["constants_257.lox", tooManyConstants()],
    ["constants_per_function.lox", constantsPerFunction()],
    [
      "locals_255.lox",
      locals(
        255,
        '  var a254 = "last local";\n  print a254; // expect: last local\n  print a0; // expect: nil',
      ),
    ],
    [
      "locals_256.lox",
      locals(
        256,
        "  var a255; // Error at 'a255': Too many local variables in function.",
      ),
    ],
    ["upvalues_256.lox", upvalues(256)],
    ["upvalues_257.lox", upvalues(257)],
    ["parameters_255.lox", parameters(255)],
    ["parameters_256.lox", parameters(256)],
    ["arguments_256.lox", tooManyArguments()],
    ["jump_fits.lox", jump(1200, true)],
    ["jump_too_far.lox", jump(3000, false)],
    ["loop_fits.lox", loop(1200, true)],
    ["loop_too_large.lox", loop(3000, false)],
    ["jump_else_too_far.lox", elseJump(3000)],
    ["for_body_too_large.lox", forLoop(3000)],
    ["or_jump_fits.lox", logical("or", 10000, true)],
    ["and_jump_too_far.lox", logical("and", 25000, false)],
  ]);
  for (const [name, source] of programs) programs.set(name, `${source}\n`);
  return programs;
}

if (import.meta.main) {
  const dir = new URL("./limit/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, source] of limitPrograms()) {
    await Deno.writeTextFile(new URL(name, dir), source);
  }
  console.log(`wrote ${limitPrograms().size} programs to ${dir.pathname}`);
}
