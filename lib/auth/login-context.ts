// What the login steps need to know of the request they serve: who sent it, when, the browser's device cookie, and
// how to run work after the answer has gone out.
import "server-only";
import { after } from "next/server";
import { now } from "@/lib/server/clock";
import { log } from "@/lib/server/log";
import { requestMeta } from "@/lib/http/current-request";
import type { RequestMeta } from "@/lib/http/request-meta";
import { requestCookies } from "./request-cookies";

/** Runs work after the answer has gone out (Next's `after()`), so its cost never shows in the timing. */
type Defer = (task: () => Promise<void>) => void;

/** What a login step knows of its request. `device` is the browser's device cookie, if any. */
export type LoginContext = { meta: RequestMeta; now: Date; defer: Defer; device?: string };

export async function loginContext(): Promise<LoginContext> {
  return {
    meta: await requestMeta(),
    now: now(),
    device: (await requestCookies()).read("device"),
    defer: (task) =>
      after(() =>
        task().catch((error: unknown) =>
          log.error({ event: "login.deferred-failed", err: error }, "deferred work failed"),
        ),
      ),
  };
}
