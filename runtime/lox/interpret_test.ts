import assert from "node:assert/strict";
import { type LoxRunOptions, runLox } from "./interpret.ts";

async function lox(
  source: string,
  options?: LoxRunOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runLox(source, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  }, options);
  return { code, stdout, stderr };
}

Deno.test("runLox: a good program prints and exits 0", async () => {
  assert.deepEqual(await lox('print "hi"; print 1 + 1;'), {
    code: 0,
    stdout: "hi\n2\n",
    stderr: "",
  });
});

Deno.test("runLox: compile errors go to stderr, all of them, exit 65", async () => {
  assert.deepEqual(await lox("print 1;\nvar = 2;\nprint @;\nprint 3"), {
    code: 65,
    stdout: "",
    stderr: [
      "[line 2] Error at '=': Expect variable name.",
      "[line 3] Error: Unexpected character.",
      "[line 4] Error at end: Expect ';' after value.",
      "",
    ].join("\n"),
  });
});

Deno.test("runLox: a runtime error keeps earlier output, adds the trace, exit 70", async () => {
  assert.deepEqual(
    await lox('print "before";\nfun f() {\n  return nil + 1;\n}\nf();'),
    {
      code: 70,
      stdout: "before\n",
      stderr:
        "Operands must be two numbers or two strings.\n[line 3] in f()\n[line 5] in script\n",
    },
  );
});

Deno.test("runLox: a budget or snapshots change nothing a program prints", async () => {
  const source = `
    class Node { init(v, next) { this.v = v; this.next = next; } }
    var list = nil;
    for (var i = 0; i < 10; i = i + 1) list = Node(i, list);
    var sum = 0;
    while (list != nil) { sum = sum + list.v; list = list.next; }
    print sum;
    fun adder(n) { fun add(x) { return x + n; } return add; }
    print adder(2)(3);
  `;
  const plain = await lox(source);
  assert.deepEqual(plain, { code: 0, stdout: "45\n5\n", stderr: "" });
  assert.deepEqual(await lox(source, { budget: 3 }), plain);
  assert.deepEqual(await lox(source, { snapshotEvery: 3 }), plain);
});

Deno.test("runLox: clock() reads 0 on the virtual clock", async () => {
  assert.deepEqual((await lox("print clock();")).stdout, "0\n");
});
