import assert from "node:assert/strict";
import { runAplus } from "../_support/aplus.ts";
import { BouncePromise } from "./promise.ts";

// `deno task lesson 8` passes --quick; `deno task lesson 8 --full`, `deno task check`
// and `deno test -P` run the whole suite.
const quick = Deno.args.includes("--quick");

Deno.test(
  quick
    ? "BouncePromise passes the Promises/A+ suite (quick: no 'eventually' cases, stops at the first failure)"
    : "BouncePromise passes all 872 tests of the Promises/A+ suite",
  async (t) => {
    const sections = await runAplus(
      { deferred: () => BouncePromise.withResolvers<unknown>() },
      { quick },
    );
    for (const { section, passed, failures } of sections) {
      await t.step(`section ${section}`, () => {
        assert.equal(
          failures.length,
          0,
          `${failures.length} of ${passed + failures.length} failed. First:\n` +
            failures.slice(0, 3).map((f) => `  ${f.title}\n    ${f.message}`)
              .join("\n"),
        );
      });
    }
    const total = sections.reduce(
      (sum, s) => sum + s.passed + s.failures.length,
      0,
    );
    if (!quick) assert.equal(total, 872, "every test of the suite ran");
  },
);
