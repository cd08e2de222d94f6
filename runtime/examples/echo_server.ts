/**
 * An echo server on Bounce's runtime: every connection is a task that writes back
 * whatever it reads.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 runtime/examples/echo_server.ts [port]
 * nc 127.0.0.1 7007      # in another terminal: type a line, get it back
 * ```
 *
 * @module
 */

import {
  type Context,
  echoConnection,
  type Future,
  type Poll,
  run,
  type Runtime,
  type TcpListener,
  type TcpStream,
} from "../mod.ts";

/** Accept connections for ever, serving each as a task of its own on `rt`. */
function serveForever(rt: Runtime, listener: TcpListener): Future<never> {
  let accepting: Future<TcpStream> | undefined;
  return {
    poll(cx: Context): Poll<never> {
      for (;;) {
        accepting ??= listener.accept();
        const accepted = accepting.poll(cx);
        if (!accepted.ready) return { ready: false };
        accepting = undefined;
        rt.spawn(echoConnection(accepted.value));
      }
    },
  };
}

/** The port from the command line, or 7007. */
function portFromArgs(args: readonly string[]): number {
  if (args.length === 0) return 7007;
  const port = Number(args[0]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(
      `"${args[0]}" is not a port: give a number from 0 to 65535`,
    );
  }
  return port;
}

if (import.meta.main) {
  try {
    const port = portFromArgs(Deno.args);
    await run((rt) => {
      const listener = rt.listen({ port });
      console.log(
        `echo server on 127.0.0.1:${listener.port}; try: nc 127.0.0.1 ${listener.port}`,
      );
      return serveForever(rt, listener);
    });
  } catch (error) {
    console.error(
      `echo server: ${error instanceof Error ? error.message : error}`,
    );
    Deno.exit(1);
  }
}
