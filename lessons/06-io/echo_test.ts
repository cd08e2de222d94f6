import assert from "node:assert/strict";
import { all, timeLimit } from "../_support/testing.ts";
import { andThen, join } from "../01-futures/combinators.ts";
import { EventLoop } from "../05-timers/event_loop.ts";
import { echoRequest, serveEcho } from "./echo.ts";
import { Reactor } from "./reactor.ts";
import { connect, listen } from "./tcp.ts";

/** `length` bytes that differ from client to client, so a mix-up shows. */
function messageFor(client: number, length: number): Uint8Array {
  const message = new Uint8Array(length);
  for (let i = 0; i < length; i++) message[i] = (client * 31 + i) % 256;
  return message;
}

/**
 * Start an echo server for `clients` connections, connect that many clients, each
 * sending its own message, and return what each got back and what the server echoed.
 */
async function echoWith(
  clients: number,
  length: number,
): Promise<{ replies: Uint8Array[]; echoed: number }> {
  const reactor = new Reactor();
  const loop = new EventLoop({ io: reactor });
  const listener = listen(reactor, { port: 0 });
  const server = loop.spawn(
    serveEcho(listener, (future) => loop.spawn(future), clients),
  );
  const requests = Array.from(
    { length: clients },
    (_, client) =>
      andThen(
        connect(reactor, { port: listener.port }),
        (stream) => echoRequest(stream, messageFor(client, length)),
      ),
  );
  const [replies, echoed] = await loop.run(join(all(requests), server));
  return { replies, echoed };
}

Deno.test(
  "the echo server sends one client back exactly the bytes it sent",
  timeLimit,
  async () => {
    const { replies, echoed } = await echoWith(1, 64);
    assert.deepEqual(replies, [messageFor(0, 64)]);
    assert.equal(echoed, 64);
  },
);

Deno.test(
  "100 clients at once each get their own 64 bytes back, in order",
  timeLimit,
  async () => {
    const { replies, echoed } = await echoWith(100, 64);
    replies.forEach((reply, client) =>
      assert.deepEqual(
        reply,
        messageFor(client, 64),
        `client ${client} got someone else's bytes`,
      )
    );
    assert.equal(echoed, 100 * 64, "the server counts every byte it echoed");
  },
);

Deno.test(
  "a 4 MiB message comes back whole and in order, through backpressure",
  timeLimit,
  async () => {
    const size = 4 * 1024 * 1024;
    const { replies } = await echoWith(1, size);
    assert.equal(replies[0].length, size);
    const sent = messageFor(0, size);
    assert.ok(
      replies[0].every((byte, i) => byte === sent[i]),
      "every byte must come back in the order it was sent",
    );
  },
);
