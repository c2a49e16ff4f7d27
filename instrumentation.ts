// Runs once when a server process starts: a bad environment stops it here with a message naming the variable,
// and in development a loop applies due changes every minute (production uses Vercel Cron).
export async function register() {
  // NEXT_RUNTIME is set by Next.js itself, not configuration, so it is read here rather than in lib/env.ts.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  if (env().production) return;
  const { startDevelopmentLoop } = await import("./lib/dev-loop");
  startDevelopmentLoop();
}
