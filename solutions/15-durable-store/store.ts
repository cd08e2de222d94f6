/**
 * The workflow store: every workflow, its journal of steps, its key/value state and
 * its signals, in one SQLite file (`node:sqlite`, built into Deno). There is no
 * server: each process that opens the file (a worker, `start`, `signal`) is a peer,
 * and SQLite's locks make their transactions take turns.
 *
 * The file is in WAL mode with `synchronous=NORMAL`: a commit is an append to the
 * write-ahead log, and a process killed with SIGKILL loses nothing it committed (the
 * log is in the OS's page cache; only a power cut could lose the last commits).
 *
 * Three rules make a crash harmless, and every write below keeps them:
 * 1. **One transaction per durable point.** A step's record, the `put`s made in it,
 *    the signal it consumed, the fiber's snapshot and the workflow's new status are
 *    committed together or not at all ({@linkcode WorkflowStore.commit}).
 * 2. **Only the owner writes.** A worker claims a workflow with a lease; each commit
 *    checks, in its own transaction, that the worker still owns it and that it is
 *    still running. A worker that lost it (its lease ran out, the workflow was
 *    cancelled) commits nothing ({@linkcode LostLeaseError}).
 * 3. **A step is recorded once.** Steps are keyed by `(workflow, number)`: a second
 *    record of the same step cannot exist, whoever tries.
 *
 * @module
 */

import {
  DatabaseSync,
  type SQLInputValue,
  type StatementSync,
} from "node:sqlite";

/** A value a journal, the state or a signal can hold: what JSON can say. */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [key: string]: Json };

/** Where a workflow is in its life. The last three never change again. */
export type WorkflowStatus =
  | "pending"
  | "running"
  | "sleeping"
  | "completed"
  | "failed"
  | "cancelled";

/** How a workflow is made durable: its journal replayed, or its fiber saved. */
export type WorkflowKind = "replay" | "snapshot";

/** One workflow, as the store keeps it. */
export interface WorkflowRecord {
  readonly id: string;
  readonly kind: WorkflowKind;
  /** The file it was started from, as an absolute path. */
  readonly file: string;
  /** The source text: the script (snapshot) or the module (replay), as started. */
  readonly source: string;
  readonly status: WorkflowStatus;
  /** Its return value, once completed. */
  readonly result: Json;
  /** Why it failed, once failed. */
  readonly error: string | null;
  /** When it is due (ms since the epoch): to start, or to wake from a sleep. */
  readonly wakeAt: number | null;
  /** The signal it waits for, if it waits for one. */
  readonly waitingFor: string | null;
  /** The schedule that started it, if one did. */
  readonly scheduleId: string | null;
  /** How many times a worker has claimed it: 1 if it never had to be recovered. */
  readonly attempts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One entry of a workflow's journal. */
export interface StepRecord {
  /** Its number: 0 for the workflow's first step. */
  readonly seq: number;
  readonly name: string;
  /** What the step returned, or `null` if it threw. */
  readonly result: Json;
  /** The message of what it threw, if it threw. */
  readonly error: string | null;
}

/** A schedule: start a workflow from `file` every `everyMs`. */
export interface ScheduleRecord {
  readonly id: string;
  readonly kind: WorkflowKind;
  readonly file: string;
  readonly everyMs: number;
  /** When the next run starts (ms since the epoch), `null` once cancelled. */
  readonly nextAt: number | null;
  /** How many runs it has started. */
  readonly runs: number;
}

/** A signal waiting to be consumed by `waitSignal`. */
export interface SignalRecord {
  readonly seq: number;
  readonly name: string;
  readonly value: Json;
}

/**
 * What one durable point writes, in one transaction (rule 1). Every part is
 * optional; the ownership check (rule 2) is always made.
 */
export interface Commit {
  /** A journal entry, recorded as step number `seq` (rule 3). */
  readonly step?: {
    readonly seq: number;
    readonly name: string;
    readonly result: Json;
    readonly error?: string;
  };
  /** The state's new values, by key (`put`s made since the last durable point). */
  readonly writes?: ReadonlyMap<string, Json>;
  /** The signal consumed by this point, by its `seq`. */
  readonly consumed?: number;
  /** The fiber, saved (snapshot workflows). */
  readonly snapshot?: Uint8Array;
  /** Stop running until `wakeAt`, or until signal `waitingFor` arrives. */
  readonly park?: {
    readonly wakeAt: number | null;
    readonly waitingFor: string | null;
  };
  /** The end: its result, or why it failed. */
  readonly finish?:
    | { readonly status: "completed"; readonly result: Json }
    | { readonly status: "failed"; readonly error: string };
}

/** The store could not be opened or used: not a database, locked, unwritable. */
export class StoreError extends Error {
  /**
   * @param message what went wrong, in the user's words.
   * @param options the SQLite error behind it.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StoreError";
  }
}

/** No workflow (or schedule) has this id. */
export class UnknownWorkflowError extends Error {
  /** The id asked for. */
  readonly id: string;

  /** @param id the id asked for. */
  constructor(id: string) {
    super(`No workflow or schedule has the id "${id}".`);
    this.name = "UnknownWorkflowError";
    this.id = id;
  }
}

/**
 * The worker no longer owns the workflow (its lease ran out and another worker took
 * it, or it was cancelled): it must stop, and it committed nothing.
 */
export class LostLeaseError extends Error {
  /** The workflow's id. */
  readonly id: string;

  /**
   * @param id the workflow's id.
   * @param why what happened to it.
   */
  constructor(id: string, why: string) {
    super(`Workflow ${id}: ${why}`);
    this.name = "LostLeaseError";
    this.id = id;
  }
}

/** A workflow as a worker claimed it, with what it needs to go on. */
export interface Claim {
  readonly workflow: WorkflowRecord;
  /**
   * Its journal, in order, for a replay workflow. A snapshot workflow never reads
   * its journal back (its snapshot says where it is), so it gets none: reading it
   * would make its recovery as slow as replay's.
   */
  readonly steps: readonly StepRecord[];
  /** How many steps its journal has: the number its next step gets. */
  readonly journalLength: number;
  /** Its last snapshot, if it is a snapshot workflow that saved one. */
  readonly snapshot: Uint8Array | null;
}

/** What a new workflow is made of. */
export interface NewWorkflow {
  readonly id: string;
  readonly kind: WorkflowKind;
  readonly file: string;
  readonly source: string;
  /** When to start it (ms since the epoch). */
  readonly startAt: number;
  readonly scheduleId?: string;
}

/** The store's schema. `user_version` says which one a file has. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workflows (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('replay', 'snapshot')),
  file        TEXT NOT NULL,
  source      TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN
                ('pending', 'running', 'sleeping', 'completed', 'failed', 'cancelled')),
  result      TEXT,
  error       TEXT,
  wake_at     INTEGER,
  waiting_for TEXT,
  schedule_id TEXT,
  snapshot    BLOB,
  owner       TEXT,
  lease_until INTEGER,
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS workflows_due ON workflows (status, wake_at);
CREATE TABLE IF NOT EXISTS steps (
  workflow_id TEXT NOT NULL REFERENCES workflows (id),
  seq         INTEGER NOT NULL,
  name        TEXT NOT NULL,
  result      TEXT NOT NULL,
  error       TEXT,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (workflow_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS state (
  workflow_id TEXT NOT NULL REFERENCES workflows (id),
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (workflow_id, key)
) STRICT;
CREATE TABLE IF NOT EXISTS signals (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id TEXT NOT NULL REFERENCES workflows (id),
  name        TEXT NOT NULL,
  value       TEXT NOT NULL,
  key         TEXT NOT NULL UNIQUE,
  consumed_at INTEGER
) STRICT;
CREATE TABLE IF NOT EXISTS schedules (
  id       TEXT PRIMARY KEY,
  kind     TEXT NOT NULL,
  file     TEXT NOT NULL,
  source   TEXT NOT NULL,
  every_ms INTEGER NOT NULL,
  next_at  INTEGER,
  runs     INTEGER NOT NULL DEFAULT 0
) STRICT;
`;

/** How to open a store. */
export interface StoreOptions {
  /** How long a write waits for another process's transaction, in ms: 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * Called inside each commit, after its writes and before `COMMIT`: where the crash
   * tests kill the process "mid-commit". Nothing by default.
   */
  readonly beforeCommit?: () => void;
}

/** The store in one SQLite file. Open it with {@linkcode WorkflowStore.open}. */
export class WorkflowStore {
  readonly #db: DatabaseSync;
  readonly #beforeCommit: () => void;
  /** Prepared statements by their text: preparing one costs more than running it. */
  readonly #statements = new Map<string, StatementSync>();
  /** The file, for messages. */
  readonly path: string;

  private constructor(db: DatabaseSync, path: string, options: StoreOptions) {
    this.#db = db;
    this.path = path;
    this.#beforeCommit = options.beforeCommit ?? (() => {});
  }

  /**
   * Open (and if need be create) the store at `path`, or `":memory:"`. Throws a
   * {@linkcode StoreError} that says what is wrong with a file that is not a store.
   *
   * @example
   * ```ts
   * using store = WorkflowStore.open(":memory:");
   * store.create({ id: "a", kind: "replay", file: "/w.ts", source: "", startAt: 0 }, 0);
   * ```
   */
  static open(path: string, options: StoreOptions = {}): WorkflowStore {
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path);
    } catch (error) {
      throw new StoreError(
        `Cannot open the workflow store ${path}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
    try {
      db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec("PRAGMA foreign_keys = ON");
      const version =
        (db.prepare("PRAGMA user_version").get() as { user_version: number })
          .user_version;
      if (version > SCHEMA_VERSION) {
        throw new StoreError(
          `${path} was written by a newer Bounce (store version ${version}; this one reads ${SCHEMA_VERSION}).`,
        );
      }
      if (version === 0 && hasTables(db)) {
        // Someone else's database: adding our tables to it would change it.
        throw new StoreError(
          `${path} is an SQLite database, but not a workflow store. Nothing was changed; use --db for another file.`,
        );
      }
      if (version < SCHEMA_VERSION) {
        db.exec("BEGIN IMMEDIATE");
        try {
          db.exec(SCHEMA);
          db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
          db.exec("COMMIT");
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
      }
    } catch (error) {
      db.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(describeSqliteError(path, error), { cause: error });
    }
    return new WorkflowStore(db, path, options);
  }

  /** Close the file. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** `using` closes. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Add a workflow, unless one with its id exists: then nothing changes, and the
   * existing one is answered (an idempotent start). `created` says which happened.
   */
  create(
    workflow: NewWorkflow,
    now: number,
  ): { readonly created: boolean; readonly workflow: WorkflowRecord } {
    return this.#transaction(() => {
      const inserted = this.#run(
        `INSERT INTO workflows (id, kind, file, source, status, wake_at, schedule_id,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        workflow.id,
        workflow.kind,
        workflow.file,
        workflow.source,
        workflow.startAt,
        workflow.scheduleId ?? null,
        now,
        now,
      );
      return { created: inserted === 1, workflow: this.#get(workflow.id) };
    });
  }

  /** Add a schedule (idempotent by id, as {@linkcode create}). */
  createSchedule(
    schedule: Omit<ScheduleRecord, "runs" | "nextAt"> & {
      readonly source: string;
      readonly startAt: number;
    },
  ): { readonly created: boolean; readonly schedule: ScheduleRecord } {
    return this.#transaction(() => {
      if (this.#maybeGet(schedule.id) !== undefined) {
        throw new StoreError(`A workflow already has the id "${schedule.id}".`);
      }
      const inserted = this.#run(
        `INSERT INTO schedules (id, kind, file, source, every_ms, next_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        schedule.id,
        schedule.kind,
        schedule.file,
        schedule.source,
        schedule.everyMs,
        schedule.startAt,
      );
      const found = this.schedule(schedule.id);
      if (found === undefined) throw new UnknownWorkflowError(schedule.id);
      return { created: inserted === 1, schedule: found };
    });
  }

  /**
   * Start the runs of every schedule that is due at `now`: one run each (runs missed
   * while no worker ran are skipped, not made up), named `SCHEDULE-N`. Answers how
   * many it started. Two workers doing this at once start each run once: the run's
   * id is its number, and ids are unique.
   */
  startDueSchedules(now: number): number {
    return this.#transaction(() => {
      const due = this.#prepare(
        `SELECT id, kind, file, source, every_ms, next_at, runs FROM schedules
         WHERE next_at IS NOT NULL AND next_at <= ?`,
      ).all(now) as unknown as ScheduleRow[];
      for (const row of due) {
        const run = row.runs + 1;
        this.#run(
          `INSERT INTO workflows (id, kind, file, source, status, wake_at, schedule_id,
             created_at, updated_at)
           VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
          `${row.id}-${run}`,
          row.kind,
          row.file,
          row.source,
          now,
          row.id,
          now,
          now,
        );
        // The next run after now, on the schedule's beat.
        const missed = Math.floor((now - row.next_at) / row.every_ms);
        this.#run(
          "UPDATE schedules SET runs = ?, next_at = ? WHERE id = ?",
          run,
          row.next_at + (missed + 1) * row.every_ms,
          row.id,
        );
      }
      return due.length;
    });
  }

  /**
   * Claim the workflow that has been due longest, for `owner`, until `leaseUntil`:
   * one that is pending or sleeping and due at `now`, or one whose owner's lease ran
   * out (its worker died). `undefined` if none is. One statement does the choosing
   * and the claiming, so two workers cannot claim the same workflow.
   */
  claim(owner: string, now: number, leaseUntil: number): Claim | undefined {
    return this.#transaction(() => {
      const row = this.#prepare(
        `UPDATE workflows
         SET status = 'running', owner = ?, lease_until = ?, attempts = attempts + 1,
             waiting_for = NULL, updated_at = ?
         WHERE id = (
           SELECT id FROM workflows
           WHERE (status IN ('pending', 'sleeping') AND wake_at <= ?)
              OR (status = 'running' AND lease_until <= ?)
           ORDER BY CASE status WHEN 'running' THEN lease_until ELSE wake_at END
           LIMIT 1)
         RETURNING *`,
      ).get(owner, leaseUntil, now, now, now) as WorkflowRow | undefined;
      return row === undefined ? undefined : this.#claimed(row);
    });
  }

  /** A claimed row as a {@linkcode Claim}: its journal, or only its length. */
  #claimed(row: WorkflowRow): Claim {
    const steps = row.kind === "replay" ? this.steps(row.id) : [];
    // Steps are numbered 0, 1, 2… with no gap, so the last number + 1 is how many:
    // the index finds the last at once, where count(*) walks them all (measured:
    // recovering 100 workflows of 1,000 steps took 105 ms with count(*), 45 with this).
    const length = row.kind === "replay" ? steps.length : (this.#prepare(
      "SELECT coalesce(max(seq) + 1, 0) AS n FROM steps WHERE workflow_id = ?",
    ).get(row.id) as { n: number }).n;
    return {
      workflow: toRecord(row),
      steps,
      journalLength: length,
      snapshot: row.snapshot ?? null,
    };
  }

  /**
   * Move the leases of the workflows `ids` that `owner` runs on to `leaseUntil`: it
   * is alive, and still running them. Only those: a workflow it let go of, or failed
   * to let go of, must be left to run out. Answers how many.
   */
  renew(owner: string, ids: Iterable<string>, leaseUntil: number): number {
    return this.#run(
      `UPDATE workflows SET lease_until = ?
       WHERE owner = ? AND status = 'running'
         AND id IN (SELECT value FROM json_each(?))`,
      leaseUntil,
      owner,
      JSON.stringify([...ids]),
    );
  }

  /**
   * Write one durable point of workflow `id` for `owner`, in one transaction (rule
   * 1). Throws {@linkcode LostLeaseError}, having written nothing, if `owner` no
   * longer runs it (rule 2) or its step was recorded already (rule 3).
   */
  commit(id: string, owner: string, now: number, commit: Commit): void {
    this.#transaction(() => {
      const owned = this.#prepare(
        "SELECT status, owner FROM workflows WHERE id = ?",
      ).get(id) as { status: WorkflowStatus; owner: string | null } | undefined;
      if (owned === undefined) throw new UnknownWorkflowError(id);
      if (owned.status !== "running" || owned.owner !== owner) {
        throw new LostLeaseError(
          id,
          owned.status === "running"
            ? "another worker took it over."
            : `it is ${owned.status} now.`,
        );
      }
      const step = commit.step;
      if (step !== undefined) {
        const recorded = this.#run(
          `INSERT INTO steps (workflow_id, seq, name, result, error, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          id,
          step.seq,
          step.name,
          JSON.stringify(step.result),
          step.error ?? null,
          now,
        );
        if (recorded !== 1) {
          throw new LostLeaseError(
            id,
            `its step ${step.seq} is recorded already.`,
          );
        }
      }
      for (const [key, value] of commit.writes ?? []) {
        this.#run(
          `INSERT INTO state (workflow_id, key, value) VALUES (?, ?, ?)
           ON CONFLICT (workflow_id, key) DO UPDATE SET value = excluded.value`,
          id,
          key,
          JSON.stringify(value),
        );
      }
      if (commit.consumed !== undefined) {
        const consumed = this.#run(
          `UPDATE signals SET consumed_at = ?
           WHERE seq = ? AND workflow_id = ? AND consumed_at IS NULL`,
          now,
          commit.consumed,
          id,
        );
        if (consumed !== 1) {
          throw new LostLeaseError(
            id,
            `its signal ${commit.consumed} is consumed already.`,
          );
        }
      }
      if (commit.snapshot !== undefined) {
        this.#run(
          "UPDATE workflows SET snapshot = ? WHERE id = ?",
          commit.snapshot,
          id,
        );
      }
      const park = commit.park;
      const finish = commit.finish;
      if (finish !== undefined) {
        this.#run(
          `UPDATE workflows SET status = ?, result = ?, error = ?, owner = NULL,
             lease_until = NULL, wake_at = NULL, waiting_for = NULL, updated_at = ?
           WHERE id = ?`,
          finish.status,
          finish.status === "completed" ? JSON.stringify(finish.result) : null,
          finish.status === "failed" ? finish.error : null,
          now,
          id,
        );
      } else if (park !== undefined) {
        // A signal that came while the workflow was deciding to wait makes it due now.
        this.#run(
          `UPDATE workflows SET status = 'sleeping', owner = NULL, lease_until = NULL,
             waiting_for = ?,
             wake_at = CASE WHEN EXISTS (SELECT 1 FROM signals WHERE workflow_id = ?
                 AND name = ? AND consumed_at IS NULL) THEN ? ELSE ? END,
             updated_at = ?
           WHERE id = ?`,
          park.waitingFor,
          id,
          park.waitingFor,
          now,
          park.wakeAt,
          now,
          id,
        );
      } else {
        this.#run("UPDATE workflows SET updated_at = ? WHERE id = ?", now, id);
      }
      this.#beforeCommit();
    });
  }

  /** Let go of a workflow without changing it: another worker may claim it at once. */
  release(id: string, owner: string): void {
    this.#run(
      `UPDATE workflows SET lease_until = 0 WHERE id = ? AND owner = ? AND status = 'running'`,
      id,
      owner,
    );
  }

  /** The oldest signal `name` sent to `id` and not consumed yet. */
  nextSignal(id: string, name: string): SignalRecord | undefined {
    const row = this.#prepare(
      `SELECT seq, name, value FROM signals
       WHERE workflow_id = ? AND name = ? AND consumed_at IS NULL ORDER BY seq LIMIT 1`,
    ).get(id, name) as { seq: number; name: string; value: string } | undefined;
    return row === undefined
      ? undefined
      : { ...row, value: JSON.parse(row.value) };
  }

  /**
   * Send signal `name` with `value` to workflow `id`. A signal whose `key` was sent
   * before is ignored (`delivered` is false): sending twice delivers once. A workflow
   * waiting for this signal becomes due.
   */
  signal(
    id: string,
    name: string,
    value: Json,
    key: string,
    now: number,
  ): { readonly delivered: boolean } {
    return this.#transaction(() => {
      const workflow = this.#get(id);
      if (isFinished(workflow.status)) {
        throw new StoreError(
          `Workflow ${id} is ${workflow.status}: it takes no more signals.`,
        );
      }
      const inserted = this.#run(
        `INSERT INTO signals (workflow_id, name, value, key) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO NOTHING`,
        id,
        name,
        JSON.stringify(value),
        key,
      );
      this.#run(
        `UPDATE workflows SET wake_at = ?, updated_at = ?
         WHERE id = ? AND status = 'sleeping' AND waiting_for = ?`,
        now,
        now,
        id,
        name,
      );
      return { delivered: inserted === 1 };
    });
  }

  /**
   * Cancel workflow (or schedule) `id`. A running workflow's worker finds out at its
   * next durable point and commits nothing more. Answers the status it had.
   */
  cancel(id: string, now: number): WorkflowStatus | "scheduled" {
    return this.#transaction(() => {
      const schedule = this.schedule(id);
      if (schedule !== undefined) {
        this.#run("UPDATE schedules SET next_at = NULL WHERE id = ?", id);
        return "scheduled";
      }
      const workflow = this.#get(id);
      if (!isFinished(workflow.status)) {
        this.#run(
          `UPDATE workflows SET status = 'cancelled', owner = NULL, lease_until = NULL,
             wake_at = NULL, waiting_for = NULL, updated_at = ? WHERE id = ?`,
          now,
          id,
        );
      }
      return workflow.status;
    });
  }

  /** Workflow `id`; throws {@linkcode UnknownWorkflowError} if there is none. */
  get(id: string): WorkflowRecord {
    return this.#get(id);
  }

  /** Workflow `id`, or `undefined`. */
  find(id: string): WorkflowRecord | undefined {
    return this.#maybeGet(id);
  }

  /** Schedule `id`, or `undefined`. */
  schedule(id: string): ScheduleRecord | undefined {
    const row = this.#prepare(
      "SELECT id, kind, file, every_ms, next_at, runs FROM schedules WHERE id = ?",
    ).get(id) as ScheduleRow | undefined;
    return row === undefined ? undefined : toSchedule(row);
  }

  /** Every workflow, oldest first. */
  list(): WorkflowRecord[] {
    const rows = this.#prepare(
      `SELECT ${RECORD_COLUMNS} FROM workflows ORDER BY created_at, id`,
    ).all() as unknown as WorkflowRow[];
    return rows.map(toRecord);
  }

  /** Every schedule. */
  schedules(): ScheduleRecord[] {
    const rows = this.#prepare(
      "SELECT id, kind, file, every_ms, next_at, runs FROM schedules ORDER BY id",
    ).all() as unknown as ScheduleRow[];
    return rows.map(toSchedule);
  }

  /** Workflow `id`'s journal, in order. */
  steps(id: string): StepRecord[] {
    const rows = this.#prepare(
      "SELECT seq, name, result, error FROM steps WHERE workflow_id = ? ORDER BY seq",
    ).all(id) as unknown as {
      seq: number;
      name: string;
      result: string;
      error: string | null;
    }[];
    return rows.map((row) => ({ ...row, result: JSON.parse(row.result) }));
  }

  /** Workflow `id`'s state: its `put` values by key. */
  state(id: string): Map<string, Json> {
    const rows = this.#prepare(
      "SELECT key, value FROM state WHERE workflow_id = ? ORDER BY key",
    ).all(id) as unknown as { key: string; value: string }[];
    return new Map(rows.map((row) => [row.key, JSON.parse(row.value)]));
  }

  /** The value of `key` in workflow `id`'s state, `undefined` if it was never put. */
  read(id: string, key: string): Json | undefined {
    const row = this.#prepare(
      "SELECT value FROM state WHERE workflow_id = ? AND key = ?",
    ).get(id, key) as { value: string } | undefined;
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  /**
   * When the next workflow or schedule is due (ms since the epoch), or `undefined`:
   * how long a worker with nothing to do may sleep. A running workflow whose lease
   * runs out is due then.
   */
  nextDueAt(): number | undefined {
    const row = this.#prepare(
      `SELECT min(t) AS at FROM (
         SELECT min(wake_at) AS t FROM workflows WHERE status IN ('pending', 'sleeping')
         UNION ALL SELECT min(lease_until) FROM workflows WHERE status = 'running'
         UNION ALL SELECT min(next_at) FROM schedules)`,
    ).get() as { at: number | null };
    return row.at ?? undefined;
  }

  /** SQLite's own check of the file: `["ok"]` when nothing is wrong. */
  integrityCheck(): string[] {
    const rows = this.#prepare("PRAGMA integrity_check")
      .all() as unknown as {
        integrity_check: string;
      }[];
    return rows.map((row) => row.integrity_check);
  }

  #get(id: string): WorkflowRecord {
    const found = this.#maybeGet(id);
    if (found === undefined) throw new UnknownWorkflowError(id);
    return found;
  }

  #maybeGet(id: string): WorkflowRecord | undefined {
    const row = this.#prepare(
      `SELECT ${RECORD_COLUMNS} FROM workflows WHERE id = ?`,
    ).get(id) as WorkflowRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Run a statement; answer how many rows it changed. */
  #run(sql: string, ...values: SQLInputValue[]): number {
    return Number(this.#prepare(sql).run(...values).changes);
  }

  /**
   * Run `body` in one write transaction. `BEGIN IMMEDIATE` takes the write lock at
   * once, so two processes never both read, then both try to write (which SQLite
   * could only resolve by failing one of them mid-way).
   */
  #transaction<T>(body: () => T): T {
    try {
      this.#db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      throw new StoreError(describeSqliteError(this.path, error), {
        cause: error,
      });
    }
    try {
      const result = body();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}

/** True if `db` has any table: a new store's file has none. */
function hasTables(db: DatabaseSync): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1")
    .get() !== undefined;
}

/** True for the statuses a workflow never leaves. */
export function isFinished(status: WorkflowStatus): boolean {
  return status === "completed" || status === "failed" ||
    status === "cancelled";
}

const RECORD_COLUMNS =
  "id, kind, file, source, status, result, error, wake_at, waiting_for, schedule_id, attempts, created_at, updated_at";

interface WorkflowRow {
  id: string;
  kind: WorkflowKind;
  file: string;
  source: string;
  status: WorkflowStatus;
  result: string | null;
  error: string | null;
  wake_at: number | null;
  waiting_for: string | null;
  schedule_id: string | null;
  snapshot?: Uint8Array | null;
  attempts: number;
  created_at: number;
  updated_at: number;
}

interface ScheduleRow {
  id: string;
  kind: WorkflowKind;
  file: string;
  source: string;
  every_ms: number;
  next_at: number;
  runs: number;
}

function toRecord(row: WorkflowRow): WorkflowRecord {
  return {
    id: row.id,
    kind: row.kind,
    file: row.file,
    source: row.source,
    status: row.status,
    result: row.result === null ? null : JSON.parse(row.result),
    error: row.error,
    wakeAt: row.wake_at,
    waitingFor: row.waiting_for,
    scheduleId: row.schedule_id,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSchedule(row: ScheduleRow): ScheduleRecord {
  return {
    id: row.id,
    kind: row.kind,
    file: row.file,
    everyMs: row.every_ms,
    nextAt: row.next_at,
    runs: row.runs,
  };
}

/** What SQLite's error means for someone who only wanted to run a workflow. */
function describeSqliteError(path: string, error: unknown): string {
  const message = messageOf(error);
  if (/not a database|malformed|corrupt/i.test(message)) {
    return `${path} is not a workflow store, or it is damaged (SQLite says: ${message}). ` +
      "Nothing was changed; use --db for another file, or move this one away.";
  }
  if (/locked|busy/i.test(message)) {
    return `${path} is locked by another process, which held it too long (SQLite says: ${message}). ` +
      "Nothing was changed; try again once it is done.";
  }
  return `Cannot use the workflow store ${path}: ${message}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
