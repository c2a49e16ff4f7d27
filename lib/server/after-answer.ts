// Work a request leaves for after its answer has gone out (Next's `after()`), so its cost never shows in the
// response time: queued mail, lock notices.
import "server-only";
import { after } from "next/server";
import { log } from "./log";

/** How a step hands work to after its answer; tests hand in one that keeps the work for them to run. */
export type Defer = (task: () => Promise<unknown>) => void;

export const afterAnswer: Defer = (task) =>
  after(() =>
    task().then(
      () => undefined,
      (error: unknown) => log.error({ event: "after-answer.failed", err: error }, "work after the answer failed"),
    ),
  );
