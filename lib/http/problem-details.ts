// RFC 9457 problem details: how the provisioning API (and the proxy in front of it) answers every error.

/** A field's reason: `pointer` is a JSON Pointer into the body, `parameter` names a path or query parameter or header. */
export type FieldProblem = { pointer: string; reason: string } | { parameter: string; reason: string };

export type Problem = {
  /** A URN naming the kind of problem; stable, documented in docs/provisioning.md. */
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  /** For a number in quarantine: when it is free again. */
  availableAt?: string;
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** `urn:ip-phone-selfcare:problem:<slug>` */
export const problemType = (slug: string) => `urn:ip-phone-selfcare:problem:${slug}`;

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers },
  });
}

/** The provisioning API's paths: everything under them answers in problem details, never an HTML page. */
export const isProvisioningApiPath = (pathname: string) => pathname.startsWith("/api/provisioning/");
