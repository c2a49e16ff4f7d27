import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Both load native or WASM files from their own package directory at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
