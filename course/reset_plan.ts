/**
 * What `reset` does, in two steps that keep it whole: {@linkcode planReset} checks
 * everything and changes nothing; {@linkcode applyResets} saves every file it will
 * replace, then writes the starters, and if a write fails it puts back what it had
 * already changed. A reset happens entirely or not at all.
 *
 * @module
 */

import { join } from "node:path";
import { saveFiles } from "./backups.ts";
import { UserError } from "./errors.ts";
import type { Lesson } from "./lessons.ts";
import type { StarterSnapshot } from "./starters.ts";

/** What resetting one lesson will do. */
export interface ResetPlan {
  /** The lesson. */
  readonly lesson: Lesson;
  /** Starter file name to its recorded content. */
  readonly starters: ReadonlyMap<string, string>;
  /** Starter files the learner has deleted, which come back. */
  readonly missing: readonly string[];
  /** The learner's own modules in the folder, which reset leaves alone. */
  readonly extra: readonly string[];
}

/** Writes one file; {@linkcode applyResets} takes another in the engine's tests. */
export type WriteFile = (path: string, text: string) => Promise<void>;

/**
 * What resetting `lesson` will do, from the snapshot: the starters it records are
 * put back (including any the learner deleted), and any other module in the folder
 * is the learner's own and stays. Anything that would stop the reset halfway is
 * refused here, before anything has changed.
 */
export async function planReset(
  lesson: Lesson,
  snapshot: StarterSnapshot,
): Promise<ResetPlan> {
  const prefix = `${lesson.id}/`;
  const starters = new Map<string, string>();
  for (const [key, text] of Object.entries(snapshot)) {
    if (!key.startsWith(prefix)) continue;
    const file = key.slice(prefix.length);
    if (file.includes("/") || file.includes("\\") || file.startsWith(".")) {
      throw new UserError(
        `the starters' snapshot names "${key}", which is not a file of ${lesson.id}; ` +
          `nothing was changed.`,
      );
    }
    starters.set(file, text);
  }
  if (starters.size === 0) {
    throw new UserError(
      `no starter is recorded for ${lesson.id} in course/starters.json; nothing was changed.`,
    );
  }
  for (const file of starters.keys()) {
    const info = await Deno.lstat(join(lesson.dir, file)).catch(() =>
      undefined
    );
    if (info !== undefined && !info.isFile) {
      throw new UserError(
        `lessons/${lesson.id}/${file} is not a file (a folder or a link?); ` +
          `move it away and reset again. Nothing was changed.`,
      );
    }
  }
  return {
    lesson,
    starters,
    missing: [...starters.keys()].filter((f) => !lesson.modules.includes(f)),
    extra: lesson.modules.filter((f) => !starters.has(f)),
  };
}

/**
 * Save every file the plans replace into `backup`, then write the starters. If a
 * write fails, the files already written are put back from the backup (and those
 * that were missing removed again), and the failure is a {@linkcode UserError}
 * saying so and where the backup is.
 */
export async function applyResets(
  plans: readonly ResetPlan[],
  backup: string,
  backupName: string,
  write: WriteFile = (path, text) => Deno.writeTextFile(path, text),
): Promise<void> {
  const saved = new Map<Lesson, Set<string>>();
  for (const plan of plans) {
    const files = await saveFiles(
      plan.lesson,
      [...plan.starters.keys()],
      backup,
    );
    saved.set(plan.lesson, new Set(files));
  }
  const written: { lesson: Lesson; file: string }[] = [];
  try {
    for (const plan of plans) {
      for (const [file, text] of plan.starters) {
        written.push({ lesson: plan.lesson, file });
        await write(join(plan.lesson.dir, file), text);
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const undone = await undo(written, saved, backup);
    throw new UserError(
      undone
        ? `the reset failed (${reason}), so nothing was changed. Your files are also in ${backupName}.`
        : `the reset failed halfway (${reason}), and putting back what it had changed failed too. ` +
          `Your files from before it are in ${backupName}: deno task restore N puts them back.`,
    );
  }
}

/** Put back what a failed reset wrote; true if all of it went back. */
async function undo(
  written: readonly { lesson: Lesson; file: string }[],
  saved: ReadonlyMap<Lesson, ReadonlySet<string>>,
  backup: string,
): Promise<boolean> {
  let ok = true;
  for (const { lesson, file } of written) {
    const path = join(lesson.dir, file);
    try {
      if (saved.get(lesson)?.has(file)) {
        await Deno.copyFile(join(backup, lesson.id, file), path);
      } else {
        await Deno.remove(path).catch((error) => {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        });
      }
    } catch {
      ok = false;
    }
  }
  return ok;
}
