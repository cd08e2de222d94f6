import assert from "node:assert/strict";
import { parseArgs } from "./cli_args.ts";
import { UsageError } from "./cli_errors.ts";

const SPEC = { db: "string", json: "boolean" } as const;

Deno.test("parseArgs reads --flag value, --flag=value and boolean flags, in any place", () => {
  const parsed = parseArgs(["show", "--db", "a.db", "w1", "--json"], SPEC);
  assert.deepEqual(parsed.positionals, ["show", "w1"]);
  assert.deepEqual([...parsed.flags], [["db", "a.db"], ["json", true]]);
  const equals = parseArgs(["--db=x=y.db"], SPEC);
  assert.equal(equals.flags.get("db"), "x=y.db");
});

Deno.test("parseArgs takes a one-dash word as a value or positional, and all after -- as positionals", () => {
  assert.deepEqual(parseArgs(["w", "go", "-1"], SPEC).positionals, [
    "w",
    "go",
    "-1",
  ]);
  assert.equal(parseArgs(["--db", "-"], SPEC).flags.get("db"), "-");
  const rest = parseArgs(["w", "--", "--json", "--db"], SPEC);
  assert.deepEqual(rest.positionals, ["w", "--json", "--db"]);
  assert.equal(rest.flags.size, 0);
});

Deno.test("parseArgs names what it does not understand", () => {
  const cases: [string[], RegExp][] = [
    [["--jsn"], /Unknown flag "--jsn"; this command takes --db, --json\./],
    [["--db"], /--db needs a value\./],
    [["--db", "--json"], /--db needs a value\./],
    [["--json=yes"], /--json takes no value\./],
    [["--db", "a", "--db=b"], /--db is given twice\./],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseArgs(args, SPEC), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, message);
      assert.equal(error.code, 64);
      return true;
    });
  }
  assert.throws(
    () => parseArgs(["--x"], {}),
    /Unknown flag "--x"; this command takes no flags\./,
  );
});
