/**
 * Import maps that swap learner modules for reference ones. Deno applies an import
 * map to relative imports too, so a map whose keys are the starter files and whose
 * values are their `solutions/` twins makes every importer, tests included, run on
 * the reference, with no file copied.
 *
 * Keys must name files: a key naming a folder would remap the test files as well.
 *
 * @module
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeIfChanged } from "./files.ts";
import type { Lesson } from "./lessons.ts";
import type { CoursePaths } from "./paths.ts";

/** An import map as Deno reads it. */
export interface ImportMap {
  /** Specifier to specifier. */
  readonly imports: Readonly<Record<string, string>>;
}

/**
 * A map sending every module of `onReference` to its reference twin. `--import-map`
 * replaces `deno.json`'s `imports` rather than adding to them, so those are carried over.
 */
export async function referenceMap(
  paths: CoursePaths,
  onReference: readonly Lesson[],
): Promise<ImportMap> {
  const imports: Record<string, string> = { ...await configImports(paths) };
  for (const lesson of onReference) {
    for (const module of lesson.modules) {
      imports[pathToFileURL(join(lesson.dir, module)).href] =
        pathToFileURL(join(lesson.solutionDir, module)).href;
    }
  }
  return { imports };
}

/** Write `map` under the engine's state folder and return its path. */
export async function writeImportMap(
  paths: CoursePaths,
  name: string,
  map: ImportMap,
): Promise<string> {
  const dir = join(paths.state, "import-maps");
  await Deno.mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  await writeIfChanged(file, JSON.stringify(map, null, 2) + "\n");
  return file;
}

async function configImports(
  paths: CoursePaths,
): Promise<Record<string, string>> {
  const config: unknown = JSON.parse(
    await Deno.readTextFile(join(paths.root, "deno.json")),
  );
  if (typeof config !== "object" || config === null || !("imports" in config)) {
    return {};
  }
  const imports = config.imports;
  if (typeof imports !== "object" || imports === null) return {};
  return Object.fromEntries(
    Object.entries(imports).filter((entry): entry is [string, string] =>
      typeof entry[1] === "string"
    ),
  );
}
