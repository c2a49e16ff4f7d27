// What the login steps need to know of the request they serve: who sent it, when, the browser's device cookie, and
// how to run work after the answer has gone out.
import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import type { LoginContext } from "@/lib/auth/login";
import { now } from "@/lib/server/clock";
import { env } from "@/lib/env";
import { log } from "@/lib/server/log";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { requestCookies } from "./request-cookies";

export async function loginContext(): Promise<LoginContext> {
  return {
    meta: requestMetaFrom(await headers(), env().clientAddress),
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
