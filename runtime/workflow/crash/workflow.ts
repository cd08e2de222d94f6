/**
 * The workflow the crash tests kill again and again. Each round has an external
 * effect (a line appended to a file: at least once), a durable sleep, an increment
 * of a counter in the workflow's state (exactly once) and another sleep. How many
 * rounds, how long each sleep and what each effect writes follow from the id alone,
 * so the checker (check.ts) knows what a finished workflow must look like without
 * trusting anything the worker said.
 *
 * It comes in both kinds: a TypeScript generator made durable by replay
 * ({@linkcode crashWorkflow}), and a Lox script made durable by snapshots
 * ({@linkcode loxSource}), whose ids end in `-loxN`. Both leave the same journal.
 *
 * @module
 */

import {
  defineWorkflow,
  type WorkflowDefinition,
} from "../../../lessons/16-replay/replay.ts";

/** Where an effect goes: outside the store, so a crash can repeat it. */
export interface EffectSink {
  /** Record `line` (no newline in it). */
  append(line: string): void;
}

/** A sink that appends each line to `path`: one `write` each, so a kill splits none. */
export function fileSink(path: string): EffectSink {
  return {
    append(line: string): void {
      Deno.writeTextFileSync(path, `${line}\n`, { append: true });
    },
  };
}

/** True for the ids of Lox (snapshot) crash workflows: `b3-lox0`. */
export function isLox(id: string): boolean {
  return /-lox\d+$/.test(id);
}

/** What a finished crash workflow returns. */
export interface CrashResult {
  readonly [key: string]: number | readonly string[];
  readonly rounds: number;
  readonly count: number;
  readonly effects: readonly string[];
}

/** A small hash of `text`: where every choice about a workflow comes from. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

/** How many rounds workflow `id` runs: 2 to 4. */
export function roundsOf(id: string): number {
  return 2 + hash(id) % 3;
}

/** How long sleep `n` of workflow `id` lasts: 5 to 40 ms, long enough to be killed in. */
export function sleepMs(id: string, n: number): number {
  return 5 + hash(`${id}/sleep/${n}`) % 36;
}

/** What round `round`'s effect of workflow `id` writes after its key. */
export function effectValue(id: string, round: number): string {
  return `${id}/${round}/${hash(`${id}/${round}`).toString(36)}`;
}

/** The journal of a finished workflow `id`: its step names, in order. */
export function expectedSteps(id: string): string[] {
  const names: string[] = [];
  for (let round = 0; round < roundsOf(id); round++) {
    names.push(`effect-${round}`, "sleep", `count-${round}`, "sleep");
  }
  return names;
}

/** What workflow `id` returns once finished: a Lox script, its last count. */
export function expectedResult(id: string): CrashResult | number {
  if (isLox(id)) return roundsOf(id);
  const rounds = roundsOf(id);
  return {
    rounds,
    count: rounds,
    effects: Array.from({ length: rounds }, (_, r) => effectValue(id, r)),
  };
}

/**
 * The crash workflow, with its effects going to `sink`.
 *
 * @example
 * ```ts
 * const workflow = crashWorkflow(fileSink("/tmp/effects.log"));
 * ```
 */
export function crashWorkflow(
  sink: EffectSink,
): WorkflowDefinition<CrashResult> {
  return defineWorkflow(function* (ctx) {
    const rounds = roundsOf(ctx.id);
    const effects: string[] = [];
    let count = 0;
    for (let round = 0; round < rounds; round++) {
      effects.push(
        yield* ctx.step(`effect-${round}`, ({ key }) => {
          const value = effectValue(ctx.id, round);
          // The key lets the reader drop a repeat: the line may be written twice.
          sink.append(`${key} ${value}`);
          return value;
        }),
      );
      yield* ctx.sleep(sleepMs(ctx.id, 2 * round));
      count = yield* ctx.step(`count-${round}`, ({ get, put }) => {
        const n = Number(get("count") ?? 0) + 1;
        put("count", n);
        return n;
      });
      yield* ctx.sleep(sleepMs(ctx.id, 2 * round + 1));
    }
    return { rounds, count, effects };
  });
}

/**
 * The crash workflow `id` as a Lox script: the same rounds, sleeps, step names and
 * effect lines as {@linkcode crashWorkflow}, written out for this id (Lox has no
 * hash to work them out). Its effect is a `print`: the worker sends a workflow's
 * output to the effects file. Its result is its last count.
 */
export function loxSource(id: string): string {
  const lines = [`// The crash workflow ${id}, made durable by snapshots.`];
  for (let round = 0; round < roundsOf(id); round++) {
    const value = effectValue(id, round);
    lines.push(
      `fun effect${round}() {`,
      `  print idempotencyKey() + " ${value}";`,
      `  return "${value}";`,
      `}`,
      `step("effect-${round}", effect${round});`,
      `sleep(${sleepMs(id, 2 * round)});`,
      `fun count${round}() {`,
      `  var n = get("count");`,
      `  if (n == nil) n = 0;`,
      `  put("count", n + 1);`,
      `  return n + 1;`,
      `}`,
      `var count = step("count-${round}", count${round});`,
      `sleep(${sleepMs(id, 2 * round + 1)});`,
    );
  }
  // A Lox workflow's result is its global `result`.
  lines.push("var result = count;");
  return `${lines.join("\n")}\n`;
}
