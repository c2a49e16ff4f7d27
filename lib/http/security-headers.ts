// The HTTP security headers: one Content-Security-Policy per request (its nonce), the rest the same everywhere.

/**
 * Scripts run only with this response's nonce ('strict-dynamic' lets Next.js's own loader add its chunks);
 * nothing may frame the portal, post forms elsewhere or load plugins. Development adds what React's dev
 * tools and hot reload need.
 */
export function contentSecurityPolicy({
  nonce,
  development,
  https,
}: {
  nonce: string;
  development: boolean;
  https: boolean;
}) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** For responses the proxy does not see (API routes): nothing to load, nothing to frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export const securityHeaders = [
  // Two years, every subdomain, and preload: the portal is never served over plain http, and its domain may go on the
  // browsers' built-in HTTPS-only list (docs/deploy.md says what that commits the operator's domain to).
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];
