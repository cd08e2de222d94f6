import assert from "node:assert/strict";
import { runCaptured } from "../../runtime/lox/testing.ts";

/** A port nobody listens on right now. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

const WRONG_ARGUMENTS: [string, string][] = [
  [
    'sleep("soon");',
    'sleep: expected a number of milliseconds (0 or more), got "soon".',
  ],
  [
    "sleep(-1);",
    "sleep: expected a number of milliseconds (0 or more), got -1.",
  ],
  ["spawn(1);", "spawn: expected a function with no parameters, got 1."],
  [
    "fun f(a) {} spawn(f);",
    "spawn: expected a function with no parameters, got <fn f>.",
  ],
  ["join(channel(1));", "join: expected a task, got <channel 1>."],
  [
    "channel(0);",
    "channel: expected a capacity (a whole number from 1 up), got 0.",
  ],
  [
    "channel(1.5);",
    "channel: expected a capacity (a whole number from 1 up), got 1.5.",
  ],
  ["send(1, 2);", "send: expected a channel, got 1."],
  ["recv(nil);", "recv: expected a channel, got nil."],
  [
    "fun f() {} close(spawn(f));",
    "close: expected a channel, connection or listener, got <task 1>.",
  ],
  [
    'fun f() {} timeout("x", f);',
    'timeout: expected a number of milliseconds (0 or more), got "x".',
  ],
  [
    "timeout(1, clock);",
    "timeout: expected a function with no parameters, got <native fn>.",
  ],
  ["listen(70000);", "listen: expected a port number (0 to 65535), got 70000."],
  ["accept(channel(1));", "accept: expected a listener, got <channel 1>."],
  ["connect(1, 2);", "connect: expected a host name string, got 1."],
  [
    'connect("127.0.0.1", -5);',
    "connect: expected a port number (0 to 65535), got -5.",
  ],
  ["read(1);", "read: expected a connection, got 1."],
  ['write(true, "a");', "write: expected a connection, got true."],
  ["sleep();", "Expected 1 arguments but got 0."],
];

for (const [source, message] of WRONG_ARGUMENTS) {
  Deno.test(`a wrong argument is a runtime error: ${source}`, async () => {
    assert.deepEqual(await runCaptured(source), {
      stdout: "",
      stderr: `${message}\n[line 1] in script\n`,
      code: 70,
    });
  });
}

Deno.test("handles print with their type and their number in the host table", async () => {
  const { stdout } = await runCaptured(`
    fun f() {}
    print channel(3);
    print spawn(f);
  `);
  assert.equal(stdout, "<channel 1>\n<task 2>\n");
});

Deno.test("a full channel makes the sender wait until a receiver takes a value", async () => {
  const { stdout, code } = await runCaptured(`
    var ch = channel(1);
    fun producer() {
      send(ch, "a");
      print "sent a";
      send(ch, "b");
      print "sent b";
      close(ch);
    }
    spawn(producer);
    sleep(10);
    print "main wakes";
    print recv(ch);
    print recv(ch);
    print recv(ch);
    print recv(ch);
  `);
  assert.equal(code, 0);
  assert.equal(stdout, "sent a\nmain wakes\na\nsent b\nb\nnil\nnil\n");
});

Deno.test("a send on a closed channel is a runtime error, and closing twice is fine", async () => {
  assert.deepEqual(
    await runCaptured(
      `var ch = channel(1);\nclose(ch);\nclose(ch);\nsend(ch, 1);`,
    ),
    {
      stdout: "",
      stderr: "Send on a closed channel.\n[line 4] in script\n",
      code: 70,
    },
  );
});

Deno.test("a task can be joined more than once, by more than one fiber", async () => {
  const { stdout, code } = await runCaptured(`
    fun answer() { sleep(5); return 42; }
    var task = spawn(answer);
    fun other() { return join(task) + 1; }
    var second = spawn(other);
    print join(task);
    print join(task);
    print join(second);
  `);
  assert.equal(code, 0);
  assert.equal(stdout, "42\n42\n43\n");
});

Deno.test("timeout answers the function's value, nil when time runs out, and passes on its error", async () => {
  const { stdout } = await runCaptured(`
    fun quick() { sleep(5); return "quick"; }
    fun slow() { sleep(500); return "slow"; }
    print timeout(100, quick);
    print timeout(100, slow);
    print clock() * 1000 < 110;
  `);
  assert.equal(stdout, "quick\nnil\ntrue\n");
  assert.deepEqual(
    await runCaptured(`fun bad() { return -"x"; }\nprint timeout(100, bad);`),
    {
      stdout: "",
      stderr: "Operand must be a number.\n[line 2] in script\n",
      code: 70,
    },
  );
});

Deno.test("an echo over TCP between two fibers of one program", async () => {
  const port = freePort();
  const ran = await runCaptured(`
    var server = listen(${port});
    fun serve() {
      var conn = accept(server);
      var text = read(conn);
      while (text != nil) {
        write(conn, text);
        text = read(conn);
      }
      print "client left";
      close(conn);
    }
    var served = spawn(serve);
    var conn = connect("127.0.0.1", ${port});
    write(conn, "hello");
    var back = "";
    while (back != "hello") back = back + read(conn);
    print back;
    close(conn);
    join(served);
    close(server);
    print read(conn);
  `);
  assert.equal(ran.stdout, "hello\nclient left\n");
  assert.match(
    ran.stderr,
    /^read: <connection \d+> is closed\.\n\[line 22\] in script\n$/,
  );
  assert.equal(ran.code, 70);
});

Deno.test("a task that joins itself fails at once, while the program goes on", async () => {
  const ran = await runCaptured(`
    var me;
    fun task() { return join(me); }
    me = spawn(task);
    sleep(5);
    print "main goes on";
    join(me);
  `);
  assert.equal(ran.stdout, "main goes on\n");
  assert.equal(
    ran.stderr,
    "Joined task failed: join: a task cannot wait for itself to end.\n[line 7] in script\n",
  );
  assert.equal(ran.code, 70);
});

Deno.test(
  "connecting beyond 127.0.0.1 says that only 127.0.0.1 is allowed, not how to widen Deno's permissions",
  {
    permissions: { net: ["127.0.0.1"] },
  },
  async () => {
    const ran = await runCaptured('connect("example.com", 80);');
    assert.equal(ran.code, 70);
    assert.equal(
      ran.stderr,
      "connect: this program may only connect to 127.0.0.1, not example.com.\n[line 1] in script\n",
    );
  },
);

Deno.test("a socket the host cannot open is a runtime error that says why", async () => {
  const port = freePort();
  const refused = await runCaptured(`connect("127.0.0.1", ${port});`);
  assert.equal(refused.code, 70);
  assert.match(
    refused.stderr,
    new RegExp(
      `^connect: cannot connect to 127\\.0\\.0\\.1:${port}: .+\\n\\[line 1\\] in script\\n$`,
    ),
  );
  const taken = await runCaptured(`listen(${port});\nlisten(${port});`);
  assert.equal(taken.code, 70);
  assert.match(
    taken.stderr,
    new RegExp(
      `^listen: cannot listen on 127\\.0\\.0\\.1:${port}: .+\\n\\[line 2\\] in script\\n$`,
    ),
  );
});

Deno.test("when a timeout cancels its fiber, the listener that fiber opened is closed", async () => {
  const port = freePort();
  const ran = await runCaptured(`
    var server;
    fun serve() {
      server = listen(${port});
      sleep(1000);
    }
    print timeout(50, serve);
    print server;
    connect("127.0.0.1", ${port});
    print "the listener is still open";
  `);
  // Dialling the port, not accept(server): had the listener stayed open, accept
  // would wait for a client forever, and the test would hang instead of failing.
  assert.equal(ran.stdout, "nil\n<listener 1>\n");
  assert.match(
    ran.stderr,
    new RegExp(
      `^connect: cannot connect to 127\\.0\\.0\\.1:${port}: .+\\n\\[line 9\\] in script\\n$`,
    ),
  );
  assert.equal(ran.code, 70);
});

Deno.test("when a fiber fails, the connection it opened is closed", async () => {
  const port = freePort();
  const ran = await runCaptured(`
    var server = listen(${port});
    fun dial() {
      connect("127.0.0.1", ${port});
      return -"x";
    }
    spawn(dial);
    var accepted = accept(server);
    print read(accepted);
  `);
  assert.deepEqual(ran, { stdout: "nil\n", stderr: "", code: 0 });
});

Deno.test("a connection belongs to the fiber serving it: when that fiber fails, it closes", async () => {
  const port = freePort();
  const ran = await runCaptured(`
    var server = listen(${port});
    fun client() {
      var conn = connect("127.0.0.1", ${port});
      write(conn, "hi");
      return read(conn);
    }
    var asker = spawn(client);
    var conn = accept(server);
    fun handle() {
      read(conn);
      return -"x";
    }
    spawn(handle);
    print join(asker);
  `);
  assert.deepEqual(ran, { stdout: "nil\n", stderr: "", code: 0 });
});
