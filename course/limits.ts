/**
 * Time limits that more than one part of the engine shares.
 *
 * @module
 */

/**
 * The per-test limit for a learner's run (a test that asks for a time limit gets this
 * one): long enough that a loaded machine does not trip correct code, short enough
 * that a loop without an exit gets a report.
 */
export const LEARNER_TEST_LIMIT_MS = 10_000;
