/**
 * The course's command line: `deno task <command>` runs `course/main.ts <command>`.
 * Each command lives in `commands/`; this file only parses arguments and turns
 * errors into messages and exit codes.
 *
 * @module
 */

import { Command, CommanderError } from "commander";
import { benchCommand } from "./commands/bench.ts";
import { checkCommand } from "./commands/check.ts";
import { gradeCommand } from "./commands/grade.ts";
import { hintCommand } from "./commands/hint.ts";
import { lessonCommand } from "./commands/lesson.ts";
import { listCommand } from "./commands/list.ts";
import { mutantsCommand } from "./commands/mutants.ts";
import { newLessonCommand } from "./commands/new_lesson.ts";
import { DEFAULT_TIME_LIMIT_S, runCommand } from "./commands/run.ts";
import { workflowCommand } from "./commands/workflow.ts";
import { resetCommand } from "./commands/reset.ts";
import { restoreCommand } from "./commands/restore.ts";
import { snapshotCommand } from "./commands/snapshot.ts";
import { solutionCommand } from "./commands/solution.ts";
import { openCourse } from "./course.ts";
import { UserError } from "./errors.ts";
import { taskPrefix } from "./launcher.ts";
import { thisCourse } from "./paths.ts";
import { red } from "./style.ts";

/** Parse `args`, run the command, and resolve with the process exit code. */
export async function main(args: readonly string[]): Promise<number> {
  let exitCode = 0;
  const course = () => openCourse(thisCourse());
  const program = new Command(taskPrefix())
    .description(
      "Bounce: build an async runtime from scratch, one lesson at a time.",
    )
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(red(text)) });

  program.command("lesson").description(
    "show a lesson and run its tests on your code",
  )
    .argument(
      "[number]",
      "the lesson; without it, the first lesson not passing yet",
    )
    .option(
      "--watch",
      "run again on every save and move on when it passes; keys: h hint, l list, n next, p previous, r run again, q quit",
    )
    .option(
      "--reference-deps",
      "run on the reference solution of every earlier lesson",
    )
    .option("--full", "run every test, even those a quick run leaves out")
    .action(
      async (
        n: string | undefined,
        opts: { watch?: boolean; referenceDeps?: boolean; full?: boolean },
      ) => {
        exitCode = await lessonCommand(await course(), n, opts);
      },
    );
  program.command("hint").description("show the next hint for a lesson")
    .argument("<number>", "the lesson")
    .option("--level <k>", "show hint k again")
    .action(async (n: string, opts: { level?: string }) => {
      exitCode = await hintCommand(await course(), n, opts.level);
    });
  program.command("list").description(
    "every lesson, its status, and your progress",
  )
    .action(async () => {
      exitCode = await listCommand(await course());
    });
  program.command("reset").description(
    "put a lesson's starter back; your files are saved first",
  )
    .argument("[number]", "the lesson")
    .option("--all", "reset every lesson")
    .option("--yes", "do not ask")
    .action(
      async (n: string | undefined, opts: { all?: boolean; yes?: boolean }) => {
        exitCode = await resetCommand(await course(), n, opts);
      },
    );
  program.command("restore").description(
    "put a lesson's files back from a backup; the files replaced are saved first",
  )
    .argument("<number>", "the lesson")
    .argument("[backup]", "which backup (see --list); the newest if left out")
    .option("--list", "list the lesson's backups, newest first")
    .action(
      async (
        n: string,
        backup: string | undefined,
        opts: { list?: boolean },
      ) => {
        exitCode = await restoreCommand(await course(), n, backup, opts);
      },
    );
  program.command("solution").description("print a lesson's reference solution")
    .argument("<number>", "the lesson")
    .option("--yes", "do not ask, even if the lesson does not pass yet")
    .action(async (n: string, opts: { yes?: boolean }) => {
      exitCode = await solutionCommand(await course(), n, opts.yes ?? false);
    });
  program.command("grade").description("grade every lesson on your code")
    .option("--json <file>", "also write the grades as JSON")
    .option("--junit <file>", "also write every test's result as JUnit XML")
    .action(async (opts: { json?: string; junit?: string }) => {
      exitCode = await gradeCommand(await course(), opts);
    });
  program.command("check").description("the course's own suite: what CI runs")
    .option(
      "--only <parts>",
      "only these parts, separated by commas: fmt, lint, types, contracts, engine, lessons, runtime",
    )
    .action(async (opts: { only?: string }) => {
      exitCode = await checkCommand(await course(), opts.only);
    });
  program.command("bench").description(
    "the runtime's benchmarks against native Deno, and its memory per task and timer",
  )
    .option(
      "--mine",
      "measure the runtime built from your lessons, not the reference",
    )
    .option(
      "--only <groups>",
      "only these groups, separated by commas (memory is one); an unknown name lists them",
    )
    .option("--json <file>", "also write every figure as JSON")
    .action(async (opts: { mine?: boolean; only?: string; json?: string }) => {
      exitCode = await benchCommand(await course(), opts);
    });
  program.command("mutants").description(
    "(course authors) how many mutants of each lesson's reference its tests kill",
  )
    .argument("[number]", "the lesson; without it, every lesson")
    .option("--file <name>", "mutate only this module of the lesson")
    .option("--json <file>", "also write the scores and survivors as JSON")
    .action(
      async (n: string | undefined, opts: { file?: string; json?: string }) => {
        exitCode = await mutantsCommand(await course(), n, opts);
      },
    );
  program.command("new-lesson").description(
    "(course authors) scaffold a lesson that passes check, and say what else to touch",
  )
    .argument("<slug>", "the folder name's words, e.g. lox-scanner")
    .option("--title <title>", "its title; by default made from the slug")
    .option(
      "--module <name>",
      "the module to edit, without .ts; by default the slug",
    )
    .option("--number <n>", "its number; by default one after the last")
    .action(
      async (
        slug: string,
        opts: { title?: string; module?: string; number?: string },
      ) => {
        exitCode = await newLessonCommand(await course(), slug, opts);
      },
    );
  program.command("run").description(
    "run a Lox script on the runtime your lessons built; without a file, a REPL",
  )
    .argument("[file]", "the .lox script")
    .option("--reference", "run it on the reference runtime")
    .option(
      "--time-limit <seconds>",
      `stop a script that computes this long without waiting; 0 for no limit (default ${DEFAULT_TIME_LIMIT_S})`,
    )
    .action(
      async (
        file: string | undefined,
        opts: { reference?: boolean; timeLimit?: string },
      ) => {
        exitCode = await runCommand(await course(), file, opts);
      },
    );
  program.command("workflow").description(
    "durable workflows: start FILE, worker, list, show ID, signal ID NAME [VALUE], cancel ID; --reference for the reference runtime",
  )
    // The workflow command line is runtime/workflow/main.ts's: pass it on whole.
    .argument("[args...]", "the command and its arguments; --help lists them")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (rest: string[]) => {
      exitCode = await workflowCommand(await course(), rest);
    });
  program.command("snapshot").description(
    "(course authors) record the starters that reset restores",
  )
    .action(async () => {
      exitCode = await snapshotCommand(await course());
    });

  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help) already. The Lox runner
      // answers bad usage as clox does, with 64.
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version"
      ) return 0;
      return args[0] === "run" ? 64 : 2;
    }
    if (error instanceof UserError) {
      console.error(red(error.message));
      return error.exitCode;
    }
    const reason = error instanceof Error ? error.message : String(error);
    console.error(red(`Bounce itself failed: ${reason}`));
    console.error(
      "This is a bug in the course, not in your code. Set BOUNCE_DEBUG=1 to see where.",
    );
    if (Deno.env.get("BOUNCE_DEBUG")) console.error(error);
    return 70;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
