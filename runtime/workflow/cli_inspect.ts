/**
 * `list [--json]` and `show ID [--json]`: what the store holds, for a person (compact
 * lines) or a program (`--json`: one JSON value on stdout). These only read: a
 * missing store is an empty one, and no file is made for it.
 *
 * @module
 */

import { parseArgs, stringFlag } from "./cli_args.ts";
import { type CliContext, openExisting, storePath } from "./cli_context.ts";
import { CliError, EXIT, UsageError } from "./cli_errors.ts";
import { formatTime, formatValue, isoOrNull, table } from "./cli_format.ts";
import type {
  Json,
  ScheduleRecord,
  StepRecord,
  WorkflowRecord,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";

const FLAGS = { db: "string", json: "boolean" } as const;

/** A workflow as `list --json` gives it. */
export interface WorkflowSummary {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly file: string;
  readonly wakeAt: string | null;
  readonly waitingFor: string | null;
  readonly attempts: number;
  readonly scheduleId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A workflow as `show --json` gives it: the summary, its outcome, journal and state. */
export interface WorkflowDetails extends WorkflowSummary {
  readonly result: Json;
  readonly error: string | null;
  readonly steps: readonly {
    readonly name: string;
    readonly result: Json;
    readonly error?: string;
  }[];
  readonly state: Readonly<Record<string, Json>>;
}

/** A schedule as `list --json` and `show --json` give it. */
export interface ScheduleSummary {
  readonly id: string;
  readonly type: "schedule";
  readonly kind: string;
  readonly status: "scheduled" | "cancelled";
  readonly file: string;
  readonly everyMs: number;
  readonly nextAt: string | null;
  readonly runs: number;
}

/** Run `list`; resolves with the exit code. */
export async function listCommand(
  cli: CliContext,
  args: readonly string[],
): Promise<number> {
  const parsed = parseArgs(args, FLAGS);
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `list takes no arguments, not "${parsed.positionals[0]}".`,
    );
  }
  const path = storePath(cli, stringFlag(parsed, "db"));
  using store = await openExisting(cli, path);
  const workflows = store?.list() ?? [];
  const schedules = store?.schedules() ?? [];
  if (parsed.flags.has("json")) {
    cli.out(JSON.stringify({
      workflows: workflows.map(summary),
      schedules: schedules.map(scheduleSummary),
    }));
    return EXIT.ok;
  }
  if (workflows.length === 0 && schedules.length === 0) {
    cli.err(
      `No workflows in ${path}; start one with: deno task workflow start FILE`,
    );
    return EXIT.ok;
  }
  const tables = [workflowTable(workflows), scheduleTable(schedules)]
    .filter((lines) => lines.length > 1);
  tables.forEach((lines, i) => {
    if (i > 0) cli.out("");
    for (const line of lines) cli.out(line);
  });
  return EXIT.ok;
}

/** The workflows as a table, its header first. */
function workflowTable(workflows: readonly WorkflowRecord[]): string[] {
  return table([
    ["ID", "STATUS", "KIND", "DUE / WAITING FOR", "FILE"],
    ...workflows.map((w) => [w.id, w.status, w.kind, dueOf(w), w.file]),
  ]);
}

/** The schedules as a table, its header first. */
function scheduleTable(schedules: readonly ScheduleRecord[]): string[] {
  return table([
    ["SCHEDULE", "EVERY", "NEXT RUN", "RUNS", "FILE"],
    ...schedules.map((s) => [
      s.id,
      `${s.everyMs} ms`,
      s.nextAt === null ? "cancelled" : formatTime(s.nextAt),
      String(s.runs),
      s.file,
    ]),
  ]);
}

/** Run `show`; resolves with the exit code. */
export async function showCommand(
  cli: CliContext,
  args: readonly string[],
): Promise<number> {
  const parsed = parseArgs(args, FLAGS);
  const [id, ...extra] = parsed.positionals;
  if (id === undefined) {
    throw new UsageError("show needs the ID of a workflow or schedule.");
  }
  if (extra.length > 0) {
    throw new UsageError(`show takes one ID; "${extra[0]}" is one too many.`);
  }
  const path = storePath(cli, stringFlag(parsed, "db"));
  using store = await openExisting(cli, path);
  const json = parsed.flags.has("json");
  const schedule = store?.schedule(id);
  if (schedule !== undefined) {
    if (json) cli.out(JSON.stringify(scheduleSummary(schedule)));
    else for (const line of scheduleLines(schedule)) cli.out(line);
    return EXIT.ok;
  }
  const workflow = store?.find(id);
  if (store === undefined || workflow === undefined) {
    throw unknownId(id, path, store);
  }
  const details = detailsOf(store, workflow);
  if (json) cli.out(JSON.stringify(details));
  else {for (
      const line of detailLines(workflow, store.steps(id), details.state)
    ) cli.out(line);}
  return EXIT.ok;
}

/** The error for an id the store does not have (exit 66). */
export function unknownId(
  id: string,
  path: string,
  store: WorkflowStore | undefined,
): CliError {
  return new CliError(
    store === undefined
      ? `No workflow or schedule has the id "${id}": there is no store at ${path} yet.`
      : `No workflow or schedule has the id "${id}" in ${path}; see them all with: deno task workflow list`,
    EXIT.notFound,
  );
}

function summary(w: WorkflowRecord): WorkflowSummary {
  return {
    id: w.id,
    kind: w.kind,
    status: w.status,
    file: w.file,
    wakeAt: isoOrNull(w.wakeAt),
    waitingFor: w.waitingFor,
    attempts: w.attempts,
    scheduleId: w.scheduleId,
    createdAt: formatTime(w.createdAt),
    updatedAt: formatTime(w.updatedAt),
  };
}

/** Everything `show --json` says of workflow `w`. */
export function detailsOf(
  store: WorkflowStore,
  w: WorkflowRecord,
): WorkflowDetails {
  return {
    ...summary(w),
    result: w.result,
    error: w.error,
    steps: store.steps(w.id).map((s) =>
      s.error === null
        ? { name: s.name, result: s.result }
        : { name: s.name, result: s.result, error: s.error }
    ),
    state: Object.fromEntries(store.state(w.id)),
  };
}

function scheduleSummary(s: ScheduleRecord): ScheduleSummary {
  return {
    id: s.id,
    type: "schedule",
    kind: s.kind,
    status: s.nextAt === null ? "cancelled" : "scheduled",
    file: s.file,
    everyMs: s.everyMs,
    nextAt: isoOrNull(s.nextAt),
    runs: s.runs,
  };
}

/** When a waiting workflow goes on: a time, a signal's name, or nothing. */
function dueOf(w: WorkflowRecord): string {
  if (w.waitingFor !== null) return `signal "${w.waitingFor}"`;
  if (
    w.wakeAt !== null && (w.status === "pending" || w.status === "sleeping")
  ) {
    return formatTime(w.wakeAt);
  }
  return "-";
}

function detailLines(
  w: WorkflowRecord,
  steps: readonly StepRecord[],
  state: Readonly<Record<string, Json>>,
): string[] {
  const lines = [
    `${w.id}  ${w.status}  (${w.kind}, ${w.file})`,
    `attempts ${w.attempts}, started ${formatTime(w.createdAt)}, last change ${
      formatTime(w.updatedAt)
    }${w.scheduleId === null ? "" : `, a run of schedule ${w.scheduleId}`}`,
  ];
  const due = dueOf(w);
  if (due !== "-") lines.push(`waiting for ${due}`);
  if (w.status === "completed") lines.push(`result: ${formatValue(w.result)}`);
  if (w.error !== null) lines.push(`error: ${w.error}`);
  lines.push(steps.length === 0 ? "steps: none yet" : "steps:");
  lines.push(
    ...table(steps.map((s) => [
      `  ${s.seq}`,
      s.name,
      stepOutcome(s),
    ])),
  );
  const keys = Object.keys(state);
  if (keys.length > 0) {
    lines.push("state:");
    lines.push(...keys.map((k) => `  ${k} = ${formatValue(state[k])}`));
  }
  return lines;
}

/** A step's result as a person reads it: a sleep's is the time it wakes. */
function stepOutcome(s: StepRecord): string {
  if (s.error !== null) return `failed: ${s.error}`;
  if (s.name === "sleep" && typeof s.result === "number") {
    return `until ${formatTime(s.result)}`;
  }
  return formatValue(s.result);
}

function scheduleLines(s: ScheduleRecord): string[] {
  return [
    `${s.id}  ${
      s.nextAt === null ? "cancelled" : "scheduled"
    }  (schedule of ${s.kind} workflows, ${s.file})`,
    `every ${s.everyMs} ms, ${s.runs} runs so far (${s.id}-1 …)${
      s.nextAt === null ? "" : `, next ${formatTime(s.nextAt)}`
    }`,
  ];
}
