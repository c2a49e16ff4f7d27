import type { NextConfig } from "next";
import { IMPORT_BODY_MAX_BYTES } from "./lib/validation/limits";
import { API_CONTENT_SECURITY_POLICY, securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Each loads files from its own package directory at run time (PGlite its WASM, argon2 a native addon, pino its
  // transport workers, pdfkit its built-in font metrics), which bundling would break.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "pdfkit"],
  // The letter's Japanese font is read from disk by path (lib/provisioning/letter-pdf.ts, LETTER_FONT_FILES), which
  // file tracing cannot see: the print route's bundle carries it explicitly.
  outputFileTracingIncludes: {
    "/admin/letters/print": [
      "./node_modules/@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf",
      "./node_modules/@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf",
    ],
  },
  poweredByHeader: false,
  reactStrictMode: true,
  // Metadata is rendered with the page, never streamed after it: a page reached by a client-side navigation (the
  // completion page after the change form) otherwise had no <title> for a moment, and a screen reader announces a
  // page by its title. Every page's metadata is a constant, so waiting for it costs nothing.
  htmlLimitedBots: /.*/,
  experimental: {
    // The proxy already refuses larger bodies (lib/http/request-guard.ts) with a clear 413, 16 KB for every form but
    // the console's CSV import; this is the second line, at the import's size. The proxy buffers a body to read it
    // twice, and cuts what is over its own limit (10 MB by default): the import's file must arrive whole.
    serverActions: { bodySizeLimit: IMPORT_BODY_MAX_BYTES },
    proxyClientMaxBodySize: IMPORT_BODY_MAX_BYTES,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
