/**
 * The plain-JavaScript twin of `string_equality.lox`: strings made at run time compared
 * with each other and with literals.
 *
 * @module
 */

/** The checksum `string_equality.lox` prints for `size`. */
export function stringEqualityChecksum(size: number): number[] {
  const red = "r" + "ed";
  const green = "gr" + "een";
  const blue = "bl" + "ue";
  const longer = "a much longer string that is compared " +
    "character by character";
  const almost = "a much longer string that is compared " +
    "character by characteR";
  let hits = 0;
  let current = red;
  for (let i = 0; i < size; i++) {
    if (current === "red") hits += 1;
    if (current === green) hits += 2;
    if (current === "blue") hits += 3;
    if (current !== blue) hits += 1;
    if (longer === almost) hits += 100;
    if (
      longer === "a much longer string that is compared character by character"
    ) {
      hits += 1;
    }
    if (current === red) current = green;
    else if (current === green) current = blue;
    else current = red;
  }
  return [hits];
}
