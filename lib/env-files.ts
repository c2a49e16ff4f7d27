// The .env files a command-line tool reads (`db:migrate`, `db:seed`, `import` …), as `next dev` and `next start` do:
// .env.local and the others, by Next's own loader and order, never over a variable already set.
import nextEnv from "@next/env";

/** Call before lib/env.ts's `env()`; a production build (NODE_ENV=production) reads the production files. */
export function loadEnvFiles(): void {
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });
}
