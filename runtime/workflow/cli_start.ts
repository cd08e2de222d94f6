/**
 * `start FILE [--id ID] [--db PATH] [--in MS | --at ISO-TIME | --every MS]`: check
 * FILE is a workflow (a `.ts` module exporting one, or a `.lox` script that
 * compiles), store it with its source, and print its id. Nothing is stored unless
 * every check passes. Starting an id that exists changes nothing: the id is printed
 * again, so a retried `start` is harmless (an idempotent start).
 *
 * @module
 */

import { basename, extname, resolve } from "node:path";
import { compile } from "../../lessons/12-lox-compiler/compiler.ts";
import { decodeSource, NotTextError } from "../lox/main.ts";
import { parseArgs, type ParsedArgs, stringFlag } from "./cli_args.ts";
import { type CliContext, openForWriting, storePath } from "./cli_context.ts";
import { CliError, EXIT, UsageError } from "./cli_errors.ts";
import { formatTime } from "./cli_format.ts";
import { loadWorkflow, WorkflowLoadError } from "./loader.ts";
import type {
  WorkflowKind,
  WorkflowStore,
} from "../../lessons/15-durable-store/store.ts";

/** The flags `start` takes. */
const FLAGS = {
  id: "string",
  db: "string",
  in: "string",
  at: "string",
  every: "string",
} as const;

/** When to start: once at a time, or every so often from now. */
export type Timing =
  | { readonly once: number }
  | { readonly everyMs: number; readonly first: number };

/** What an id may be: readable, and safe in a schedule's run ids (`ID-3`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Run `start`; resolves with the exit code. */
export async function startCommand(
  cli: CliContext,
  args: readonly string[],
): Promise<number> {
  const parsed = parseArgs(args, FLAGS);
  const [given, ...extra] = parsed.positionals;
  if (given === undefined) {
    throw new UsageError(
      "start needs a FILE: a .ts module exporting a workflow, or a .lox script.",
    );
  }
  if (extra.length > 0) {
    throw new UsageError(
      `start takes one FILE; "${extra[0]}" is one too many.`,
    );
  }
  const file = resolve(cli.cwd, given);
  const kind = kindOf(given);
  const timing = timingOf(parsed, cli.now());
  const id = stringFlag(parsed, "id");
  if (id !== undefined && !ID.test(id)) {
    throw new UsageError(
      `"${id}" cannot be an id: use up to 64 letters, digits and . _ : -, starting with a letter or digit.`,
    );
  }
  const source = await readSource(given, file);
  await checkWorkflow(cli, kind, file, source);
  using store = await openForWriting(
    cli,
    storePath(cli, stringFlag(parsed, "db")),
  );
  if (id !== undefined && existing(cli, store, id)) return EXIT.ok;
  const added = { kind, file, source };
  for (let tries = 0; tries < 5; tries++) {
    const chosen = id ?? newId(file);
    if (add(store, { ...added, id: chosen }, timing, cli.now())) {
      cli.out(chosen);
      cli.err(startedLine(chosen, kind, timing, cli.now()));
      return EXIT.ok;
    }
    // Taken since the look above: by another start of the same id, or, for a
    // made-up id, by chance (then another is made up).
    if (id !== undefined) {
      return existing(cli, store, id) ? EXIT.ok : EXIT.refused;
    }
  }
  throw new CliError(
    "Could not find a free id in five tries; give one with --id.",
    EXIT.refused,
  );
}

/** Add a workflow, or a schedule of them; false if the id is taken. */
function add(
  store: WorkflowStore,
  workflow: {
    readonly id: string;
    readonly kind: WorkflowKind;
    readonly file: string;
    readonly source: string;
  },
  timing: Timing,
  now: number,
): boolean {
  if ("everyMs" in timing) {
    return store.createSchedule({
      ...workflow,
      everyMs: timing.everyMs,
      startAt: timing.first,
    }).created;
  }
  return store.create({ ...workflow, startAt: timing.once }, now).created;
}

/** A workflow's kind, from its file's extension. */
function kindOf(given: string): WorkflowKind {
  const extension = extname(given);
  if (extension === ".ts") return "replay";
  if (extension === ".lox") return "snapshot";
  throw new UsageError(
    `"${given}" is neither a .ts module nor a .lox script: a workflow is one of these.`,
  );
}

/** When to start, from `--in`, `--at` or `--every` (at most one), else now. */
export function timingOf(parsed: ParsedArgs, now: number): Timing {
  const given = (["in", "at", "every"] as const).filter((f) =>
    parsed.flags.has(f)
  );
  if (given.length > 1) {
    throw new UsageError(
      `--${given[0]} and --${
        given[1]
      } cannot go together: start once after a delay (--in), once at a time (--at), or every so often (--every).`,
    );
  }
  const inMs = stringFlag(parsed, "in");
  if (inMs !== undefined) return { once: now + milliseconds("in", inMs, 0) };
  const at = stringFlag(parsed, "at");
  if (at !== undefined) return { once: isoTime(at) };
  const every = stringFlag(parsed, "every");
  if (every !== undefined) {
    return { everyMs: milliseconds("every", every, 1), first: now };
  }
  return { once: now };
}

/** A whole number of ms, at least `least`, from `--flag`'s text. */
function milliseconds(flag: string, text: string, least: number): number {
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(ms >= least) || !Number.isSafeInteger(ms)) {
    throw new UsageError(
      `--${flag} takes a whole number of milliseconds, ${least} or more, not "${text}".`,
    );
  }
  return ms;
}

/** An ISO 8601 time such as 2026-12-01T09:00:00Z, in ms since the epoch. */
function isoTime(text: string): number {
  const shaped =
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/
      .test(text);
  const ms = shaped ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    throw new UsageError(
      `--at takes an ISO time such as 2026-12-01T09:00:00Z, not "${text}".`,
    );
  }
  return ms;
}

/** FILE's text; a file that is missing, unreadable or not text is exit 66. */
async function readSource(given: string, file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(file);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound
      ? "there is no such file"
      : error instanceof Deno.errors.IsADirectory
      ? "it is a folder"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new CliError(`Cannot read "${given}": ${why}.`, EXIT.notFound);
  }
  const source = decodeSource(bytes);
  if (source instanceof NotTextError) {
    throw new CliError(
      `Cannot read "${given}": ${source.message}`,
      EXIT.notFound,
    );
  }
  return source;
}

/** Refuse FILE (exit 65) unless it is a workflow: compiled, or exporting one. */
async function checkWorkflow(
  cli: CliContext,
  kind: WorkflowKind,
  file: string,
  source: string,
): Promise<void> {
  if (kind === "snapshot") {
    const compiled = compile(source);
    if ("errors" in compiled) {
      for (const error of compiled.errors) cli.err(error.report);
      throw new CliError(
        `${file} does not compile; nothing was stored.`,
        EXIT.notWorkflow,
      );
    }
    return;
  }
  try {
    await loadWorkflow(file);
  } catch (error) {
    if (!(error instanceof WorkflowLoadError)) throw error;
    throw new CliError(
      `${error.message} Nothing was stored.`,
      EXIT.notWorkflow,
    );
  }
}

/**
 * If `id` is taken, say so (stdout: the id; stderr: by what) and answer true: an
 * idempotent start changes nothing.
 */
function existing(cli: CliContext, store: WorkflowStore, id: string): boolean {
  const schedule = store.schedule(id);
  if (schedule !== undefined) {
    cli.out(id);
    cli.err(
      schedule.nextAt === null
        ? `Schedule ${id} exists already, cancelled; nothing was changed.`
        : `Schedule ${id} exists already (every ${schedule.everyMs} ms, next run ${
          formatTime(schedule.nextAt)
        }); nothing was changed.`,
    );
    return true;
  }
  const workflow = store.find(id);
  if (workflow === undefined) return false;
  cli.out(id);
  cli.err(
    `Workflow ${id} exists already (${workflow.status}); nothing was changed.`,
  );
  return true;
}

/** A fresh id from the file's name: `order-k3x9q`. */
function newId(file: string): string {
  const stem = basename(file, extname(file)).toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 24);
  const letters = "abcdefghjkmnpqrstuvwxyz23456789";
  const tag = Array.from(
    crypto.getRandomValues(new Uint8Array(5)),
    (b) => letters[b % letters.length],
  ).join("");
  return `${stem || "workflow"}-${tag}`;
}

function startedLine(
  id: string,
  kind: WorkflowKind,
  timing: Timing,
  now: number,
): string {
  const what = kind === "replay" ? "TypeScript workflow" : "Lox workflow";
  if ("everyMs" in timing) {
    return `Scheduled ${id}: a ${what} every ${timing.everyMs} ms, the first now; a worker starts each run (deno task workflow worker).`;
  }
  const when = timing.once <= now
    ? "due now"
    : `due ${formatTime(timing.once)}`;
  return `Started ${id}: a ${what}, ${when}; a worker runs it (deno task workflow worker).`;
}
