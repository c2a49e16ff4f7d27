// Test-only endpoints answer 404 unless TEST_MODE=1, which lib/env.ts refuses on every Vercel deployment.
import { env } from "@/lib/env";

export function testOnly(): Response | null {
  return env().testMode ? null : new Response("Not Found", { status: 404 });
}
