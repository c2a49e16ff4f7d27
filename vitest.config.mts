import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Next.js resolves "server-only" to an empty module on the server; tests are server code too.
  "server-only": path.resolve(import.meta.dirname, "test/server-only.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["*.test.ts", "lib/**/*.test.ts", "db/**/*.test.ts", "bench/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          // Files share one PostgreSQL database when DATABASE_URL is set, so they take turns.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
