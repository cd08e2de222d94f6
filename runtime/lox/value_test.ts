import assert from "node:assert/strict";
import {
  formatNumber,
  newClass,
  newHandle,
  newInstance,
  printValue,
} from "./value.ts";

Deno.test('formatNumber: the same text as C\'s printf("%g")', () => {
  // Expected values printed by glibc's printf("%g") for the same doubles.
  const cases: [number, string][] = [
    [1, "1"],
    [-1, "-1"],
    [1.5, "1.5"],
    [123456, "123456"],
    [1234567, "1.23457e+06"],
    [1234565, "1.23456e+06"], // an exact tie: to even
    [1234575, "1.23458e+06"],
    [123456.5, "123456"], // an exact tie: to even
    [123457.5, "123458"],
    [1e6, "1e+06"],
    [999999.5, "1e+06"],
    [9999995, "1e+07"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1.5e-7, "1.5e-07"],
    [0.1 + 0.2, "0.3"],
    [1 / 3, "0.333333"],
    [2 / 3, "0.666667"],
    [1e21, "1e+21"],
    [1e100, "1e+100"],
    [5e-324, "4.94066e-324"],
    [1.7976931348623157e308, "1.79769e+308"],
    [-0.000123456789, "-0.000123457"],
    [12345.65, "12345.6"],
    [99999.95, "99999.9"],
    [-0, "-0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
  ];
  for (const [value, text] of cases) {
    assert.equal(formatNumber(value), text, String(value));
  }
});

Deno.test("printValue: handles and instances", () => {
  assert.equal(printValue(newHandle("channel", 2)), "<channel 2>");
  assert.equal(printValue(newInstance(newClass("Pair"))), "Pair instance");
  assert.equal(printValue(true), "true");
  assert.equal(printValue(null), "nil");
});
