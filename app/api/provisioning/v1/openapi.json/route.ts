import { provisioningOpenApi } from "@/lib/provisioning/api/openapi";

/** The document needs no key: it describes the API and opens nothing. */
export function GET() {
  return Response.json(provisioningOpenApi(), { headers: { "cache-control": "no-store" } });
}
