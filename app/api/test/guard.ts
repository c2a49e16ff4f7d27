// Test-only endpoints answer 404 unless the app runs in test mode (lib/env.ts: never on Vercel, never on a database
// that is not a throwaway one) and the request carries this run's secret.
import { env } from "@/lib/env";
import { isTestRequest } from "@/lib/http/request-secrets";

export function testOnly(request: Request): Response | null {
  return isTestRequest(request.headers, env().testSecret) ? null : new Response("Not Found", { status: 404 });
}
