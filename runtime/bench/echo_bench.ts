/**
 * TCP echo over loopback: 100 connections, each sending 64-byte messages one at a
 * time and waiting for each echo. The same native client talks to a native Deno echo
 * server and to an echo server running on the runtime. Goal: the runtime serves at
 * least 0.9× the native throughput (a time at most 1/0.9 ≈ 1.11× native's).
 *
 * @module
 */

import { echoConnection, run, type Runtime } from "../mod.ts";
import type { Context, Future, Poll, TcpListener, TcpStream } from "../mod.ts";
import { bench } from "./select.ts";

const CONNECTIONS = 100;
const MESSAGES = 200;
const SIZE = 64;

/** The client: every connection sends MESSAGES messages of SIZE bytes, one by one. */
async function client(port: number): Promise<void> {
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const message = new Uint8Array(SIZE).fill(7);
      const reply = new Uint8Array(SIZE);
      for (let m = 0; m < MESSAGES; m++) {
        await conn.write(message);
        let got = 0;
        while (got < SIZE) {
          const n = await conn.read(reply.subarray(got));
          if (n === null) throw new Error("the server hung up");
          got += n;
        }
      }
      conn.close();
    }),
  );
}

/** A native echo server for `CONNECTIONS` connections. */
async function nativeServer(listener: Deno.Listener): Promise<void> {
  const served: Promise<void>[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const conn = await listener.accept();
    served.push((async () => {
      const buffer = new Uint8Array(16 * 1024);
      for (;;) {
        const n = await conn.read(buffer);
        if (n === null) break;
        let written = 0;
        while (written < n) {
          written += await conn.write(buffer.subarray(written, n));
        }
      }
      conn.close();
    })());
  }
  listener.close();
  await Promise.all(served);
}

bench({
  name: "native: echo server, 100 connections × 200 messages of 64 bytes",
  group: "tcp echo",
  baseline: true,
  n: 10,
  warmup: 2,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    await Promise.all([nativeServer(listener), client(listener.addr.port)]);
  },
});

/** Main on the runtime: accept CONNECTIONS connections, echo each as a task, join. */
function runtimeServer(
  rt: Runtime,
  ready: (port: number) => void,
): Future<void> {
  let listener: TcpListener | undefined;
  let accepted = 0;
  let accepting: Future<TcpStream> | undefined;
  const handles: Future<number>[] = [];
  let joined = 0;
  return {
    poll(cx: Context): Poll<void> {
      if (listener === undefined) {
        listener = rt.listen({ port: 0 });
        ready(listener.port);
      }
      while (accepted < CONNECTIONS) {
        const accept = accepting ??= listener.accept();
        const polled = accept.poll(cx);
        if (!polled.ready) return { ready: false };
        accepting = undefined;
        accepted++;
        handles.push(rt.spawn(echoConnection(polled.value)));
        if (accepted === CONNECTIONS) listener.close();
      }
      while (joined < handles.length) {
        if (!handles[joined].poll(cx).ready) return { ready: false };
        joined++;
      }
      return { ready: true, value: undefined };
    },
  };
}

bench({
  name: "runtime: echo server, 100 connections × 200 messages of 64 bytes",
  group: "tcp echo",
  n: 10,
  warmup: 2,
  async fn() {
    let started: (port: number) => void = () => {};
    const port = new Promise<number>((resolve) => started = resolve);
    await Promise.all([
      run((rt) => runtimeServer(rt, started)),
      port.then(client),
    ]);
  },
});
