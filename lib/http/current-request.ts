// Who sent the request being served, for the edges (actions, route handlers, the login context): read once here so
// every caller takes the client address from the source the deployment states.
import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { requestMetaFrom, type RequestMeta } from "./request-meta";

export async function requestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers(), env().clientAddress);
}
