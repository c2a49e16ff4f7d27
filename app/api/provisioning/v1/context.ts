// What every provisioning API route hands its lib function: the client's address (for the wrong-key limit) and the
// time. The request itself goes as it came; no cookie is ever read (lib/provisioning/api/serve.ts).
import { requestMeta } from "@/lib/http/current-request";
import type { ApiContext } from "@/lib/provisioning/api/serve";
import { now } from "@/lib/server/clock";

export async function apiContext(): Promise<ApiContext> {
  return { ip: (await requestMeta()).ip, now: now() };
}
