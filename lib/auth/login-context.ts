// What the login steps need to know of the request they serve: who sent it, when, the browser's device cookie, and
// how to run work after the answer has gone out.
import "server-only";
import { afterAnswer, type Defer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";
import { requestMeta } from "@/lib/http/current-request";
import type { RequestMeta } from "@/lib/http/request-meta";
import { requestCookies } from "./request-cookies";

/** What a login step knows of its request. `device` is the browser's device cookie, if any. */
export type LoginContext = { meta: RequestMeta; now: Date; defer: Defer; device?: string };

export async function loginContext(): Promise<LoginContext> {
  return {
    meta: await requestMeta(),
    now: now(),
    device: (await requestCookies()).read("device"),
    defer: afterAnswer,
  };
}
