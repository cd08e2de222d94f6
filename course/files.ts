/**
 * Writing the engine's generated and remembered files safely while other commands of
 * the course may be reading them.
 *
 * @module
 */

/**
 * Write `text` to `file` unless it holds that already. An unchanged file keeps its
 * modification time (and Deno its cached type-check); a changed one is written aside
 * and renamed into place, so a process reading it at that moment, another command
 * run beside this one, never reads half a file.
 */
export async function writeIfChanged(
  file: string,
  text: string,
): Promise<void> {
  const old = await Deno.readTextFile(file).catch(() => undefined);
  if (old === text) return;
  const aside = `${file}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(aside, text);
  await Deno.rename(aside, file);
}
