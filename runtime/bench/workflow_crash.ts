/**
 * The crash stress run: the crash tests' harness (runtime/workflow/crash/), kept
 * killing workers until 1,000 kills (or `--kills N`) have happened, with a check
 * after every kill, and every batch of workflows (TypeScript and Lox) checked
 * whole once finished. `deno task bench --only workflow-crash` runs it
 * on the reference; it is left out of the default run, since it takes minutes.
 *
 * Progress and the summary go to stderr; stdout gets the report as one line of
 * JSON, for `deno task bench --json`. Exits 1 if any check failed.
 *
 * ```sh
 * deno run --allow-read=.bounce/workflow-tests --allow-write=.bounce/workflow-tests \
 *   --allow-run=deno --import-map=MAP runtime/bench/workflow_crash.ts \
 *   --worker-import-map=MAP [--kills 1000] [--seed S] [--workflows 6] \
 *   [--lox-workflows 2] [--lease-ms 250]
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  type CrashReport,
  crashRun,
  KILL_KINDS,
  totalKills,
} from "../workflow/crash/harness.ts";
import { COURSE_ROOT } from "../workflow/crash/process.ts";
import { freshSeed } from "../workflow/crash/random.ts";

/** What was checked after each kill: said with the figures. */
const CHECKED_AFTER_KILL = [
  "each journal is the start of the expected one: names in order, numbered 0..k-1, once each",
  "each count step returned 1, 2, 3…, and the state's counter equals the count steps journaled (exactly once)",
  "each journaled effect's key is in the effects file with its value; no other line is",
  "PRAGMA integrity_check is ok",
];

/** What was checked once a batch was finished, besides. */
const CHECKED_AFTER_BATCH = [
  "every workflow completed, with the result its id calls for and its whole journal",
  "so every effect key is in the effects file at least once",
];

function describeReport(report: CrashReport, seconds: number): string {
  const kills = KILL_KINDS.map((k) => `  ${k}: ${report.kills.get(k)}`);
  return [
    `${
      totalKills(report)
    } kills survived in ${report.workers} worker processes, ${
      seconds.toFixed(1)
    } s (seed ${report.seed})`,
    ...kills,
    `${report.workflows} workflows completed in ${report.batches} batches, ${report.steps} journal entries, ${report.repeatedEffects} effects run again and deduplicated by key`,
    `checked after each of the ${report.checksAfterKills} kills:`,
    ...CHECKED_AFTER_KILL.map((c) => `  ${c}`),
    "and after each batch:",
    ...CHECKED_AFTER_BATCH.map((c) => `  ${c}`),
    report.problems.length === 0
      ? "no problem found"
      : `${report.problems.length} problems:\n${report.problems.join("\n")}`,
  ].join("\n");
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      kills: { type: "string", default: "1000" },
      workflows: { type: "string", default: "6" },
      "lox-workflows": { type: "string", default: "2" },
      seed: { type: "string" },
      "lease-ms": { type: "string", default: "250" },
      "worker-import-map": { type: "string" },
    },
  });
  const kills = Number(values.kills);
  const workflows = Number(values.workflows);
  const loxWorkflows = Number(values["lox-workflows"]);
  if (!Number.isInteger(loxWorkflows) || loxWorkflows < 0) {
    console.error("--lox-workflows takes a whole number");
    return 2;
  }
  const leaseMs = Number(values["lease-ms"]);
  for (
    const [name, n] of [["kills", kills], ["workflows", workflows], [
      "lease-ms",
      leaseMs,
    ]] as const
  ) {
    if (!Number.isInteger(n) || n < 1) {
      console.error(`--${name} takes a whole number above 0`);
      return 2;
    }
  }
  const seed = values.seed === undefined ? freshSeed() : Number(values.seed);
  const scratch = join(COURSE_ROOT, ".bounce/workflow-tests");
  await Deno.mkdir(scratch, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: scratch, prefix: "stress-" });
  console.error(
    `Killing crash workers until ${kills} kills, ${workflows} TypeScript and ${loxWorkflows} Lox workflows a batch, seed ${seed}, in ${dir}`,
  );
  const started = performance.now();
  let lastSaid = 0;
  const report = await crashRun({
    dir,
    seed,
    kills,
    workflows,
    loxWorkflows,
    leaseMs,
    importMap: values["worker-import-map"],
    workerTimeoutMs: 60_000,
    onBatch: (r) => {
      const done = totalKills(r);
      if (done - lastSaid >= 50 || done >= kills) {
        lastSaid = done;
        console.error(
          `  ${done} kills, ${r.workflows} workflows checked, ${r.problems.length} problems, ${
            ((performance.now() - started) / 1000).toFixed(0)
          } s`,
        );
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.error(describeReport(report, seconds));
  console.log(JSON.stringify({
    seed: report.seed,
    seconds: Math.round(seconds * 10) / 10,
    kills: totalKills(report),
    killsByPoint: Object.fromEntries(report.kills),
    workers: report.workers,
    batches: report.batches,
    workflows: report.workflows,
    steps: report.steps,
    repeatedEffects: report.repeatedEffects,
    checksAfterKills: report.checksAfterKills,
    checkedAfterKill: CHECKED_AFTER_KILL,
    checkedAfterBatch: CHECKED_AFTER_BATCH,
    problems: report.problems,
  }));
  if (report.problems.length > 0) {
    console.error(`The store and effects files are kept in ${dir}.`);
    return 1;
  }
  await Deno.remove(dir, { recursive: true });
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(
      `workflow crash run: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
    Deno.exit(1);
  }
}
