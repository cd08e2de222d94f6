/**
 * The one place a lesson describes itself to the engine. Each lesson folder has a
 * `lesson.ts` exporting `lesson: LessonMeta`; everything else the engine learns from
 * the folder itself (its number and slug from the name, its tests from `*_test.ts`),
 * and its hints from `solutions/NN-slug/hints.md`, outside the learner's folder.
 *
 * @module
 */

/** What a lesson tells the engine about itself. */
export interface LessonMeta {
  /** A short title, e.g. "Futures and polling". The README's first heading repeats it. */
  readonly title: string;
  /** The goal, in one sentence. */
  readonly goal: string;
  /** The modules the learner edits, relative to the lesson folder, in the order to do them. */
  readonly files: readonly string[];
  /**
   * Deno permission flags its tests need, e.g. `["--allow-net=127.0.0.1"]`; empty for
   * none. Tests run with exactly these and `--no-prompt`.
   */
  readonly permissions: readonly string[];
  /**
   * For a lesson whose full run is slow: the arguments its tests get (after `--`, as
   * `Deno.args`) for a quicker run, and what to tell the learner about it. The
   * learner's runs are quick unless they ask for `--full`; `check` and `grade` run
   * the full tests on the reference and on the learner's code.
   */
  readonly quickRun?: {
    readonly args: readonly string[];
    readonly note: string;
  };
  /** How long one run of its tests may take, in seconds, if more than the default. */
  readonly timeLimitSeconds?: number;
  /**
   * Tests that may pass on the starter, by exact name, each with the reason. Every
   * other test must fail on the starter, or the authoring check fails.
   */
  readonly allowedToPassOnStarter?: Readonly<Record<string, string>>;
}
