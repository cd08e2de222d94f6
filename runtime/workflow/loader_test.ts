import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadWorkflow, WorkflowLoader, WorkflowLoadError } from "./loader.ts";
import {
  defineWorkflow,
  type WorkflowDefinition,
} from "../../lessons/16-replay/replay.ts";

const testdata = (name: string) =>
  fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));

Deno.test("loader: a module's workflow is loaded once per file, however many workflows use it", async () => {
  const loads: string[] = [];
  const definition = defineWorkflow(function* () {
    yield* [];
    return 1;
  });
  const loader = new WorkflowLoader((file): Promise<WorkflowDefinition> => {
    loads.push(file);
    return Promise.resolve(definition);
  });
  const [a, b, c] = await Promise.all([
    loader.load("/a.ts"),
    loader.load("/a.ts"),
    loader.load("/b.ts"),
  ]);
  assert.equal(a, definition);
  assert.equal(b, definition);
  assert.equal(c, definition);
  assert.deepEqual(loads, ["/a.ts", "/b.ts"]);
});

Deno.test("loader: a module's workflow export is what defineWorkflow made", async () => {
  const definition = await loadWorkflow(testdata("sleepy.ts"));
  assert.equal(definition.kind, "bounce-workflow");
  await assert.rejects(
    loadWorkflow(testdata("not_a_workflow.ts")),
    (error: unknown) => {
      assert.ok(error instanceof WorkflowLoadError);
      assert.equal(error.file, testdata("not_a_workflow.ts"));
      assert.match(error.message, /exports no "workflow"/);
      return true;
    },
  );
  await assert.rejects(
    loadWorkflow(testdata("no_such_module.ts")),
    /no_such_module\.ts could not be loaded: /,
  );
});
