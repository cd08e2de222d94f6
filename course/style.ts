/**
 * Terminal styling. Colour only when stdout is a terminal and `NO_COLOR` is unset.
 *
 * @module
 */

const colorOn = Deno.stdout.isTerminal() && !Deno.noColor;

function paint(open: number, close: number): (text: string) => string {
  return (text) => colorOn ? `\x1b[${open}m${text}\x1b[${close}m` : text;
}

/** Bold text. */
export const bold: (text: string) => string = paint(1, 22);
/** Dimmed text, for what matters less. */
export const dim: (text: string) => string = paint(2, 22);
/** Red, for failures. */
export const red: (text: string) => string = paint(31, 39);
/** Green, for passes. */
export const green: (text: string) => string = paint(32, 39);
/** Yellow, for warnings and next steps. */
export const yellow: (text: string) => string = paint(33, 39);
/** Cyan, for commands and file names. */
export const cyan: (text: string) => string = paint(36, 39);

/** The mark for a pass. */
export const PASS: string = green("✓");
/** The mark for a failure. */
export const FAIL: string = red("✗");

/** True when output goes to a terminal that a screen clear makes sense on. */
export const interactive: boolean = Deno.stdout.isTerminal();
