import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 06, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "IO and the reactor",
  goal:
    "Turn Deno's completion-style TCP into readiness the runtime's futures can wait on: a reactor that wakes exactly the waiting task, streams with backpressure, and an echo server that serves many clients at once.",
  files: ["reactor.ts", "tcp.ts", "echo.ts"],
  permissions: ["--allow-net=127.0.0.1"],
  hints: [
    "`Reactor.watch(operation, complete)`: add one to `#inFlight`, then `operation.then(value => …, error => …)`. Both callbacks do the same three things: take one off `#inFlight`, call `complete({ ok: true, value })` (or `{ ok: false, error }`), then resolve the promise `wait()` handed out, if there is one. `wait()` makes that promise lazily — `this.#waiting ??= new Promise((resolve) => this.#notify = resolve)` — and forgets it once resolved, so the next `wait()` is for the next completion.",
    "Reading: `#pollRead` answers from `#unread` first (copy `Math.min(unread.length, buffer.length)` bytes, keep the rest as a `subarray`). With nothing unread: throw `#readError` if set, answer `ready(null)` if `#ended`, otherwise store `cx.waker` in `#reader` and, if `!#reading`, set it and `this.#reactor.watch(this.#conn.read(this.#chunk), (outcome) => this.#readDone(outcome))`. `#readDone` clears `#reading`, records the error, the end (`null`) or `this.#chunk.subarray(0, n)`, and wakes `#reader`.",
    "Writing: `#pollWrite` is pending (keep the waker in `#writer`) while `#queued >= #highWaterMark`; else push `bytes.slice()`, add to `#queued`, call `#writeNext()` unless `#writing`, and answer `ready(bytes.length)`. `#writeNext` watches `conn.write(this.#queue[0])`. `#writeDone` handles a short write (`queue[0] = head.subarray(n)`) or a full one (`shift()`), subtracts `n`, writes the next chunk if any, wakes `#writer` when below the mark and `#flusher` when nothing is queued. `flush()` is ready when `#queued === 0`, else keeps the waker in `#flusher`.",
    "`echoConnection` is a loop inside `poll`: if a flush is in progress, poll it (ready: close, answer the count); if a write is, poll it; then `reading ??= stream.read(buffer)`, poll it — pending returns `PENDING`, `null` starts the flush, `n` bytes start `stream.write(buffer.subarray(0, n))`. Wrap the loop in `try`/`catch` that closes the stream before rethrowing. `serveEcho`: `while (served.length < connections)` accept and `served.push(spawn(echoConnection(stream)))`, closing the listener after the last; then poll each handle in turn, adding up. `echoRequest`: poll the write, then `while (got < message.length)` read into `received.subarray(got)`.",
  ],
};
