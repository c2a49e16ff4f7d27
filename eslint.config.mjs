import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

const noApp = { regex: "^(@/|(\\.\\./)+|\\./)app/", message: "Only app/ imports app/: the flow runs one way." };
const requestOnlyAtEdges = {
  name: "next/headers",
  message: "Only app/, lib/auth/ and lib/http/ read the request; pass what the rule needs as arguments.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // Layout is Prettier's (npm run format); ESLint keeps to correctness.
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The house's one-way flow (app → lib → db): no cycles anywhere.
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
    // Packages are not walked for cycles (and some, like PGlite's bundles, are too deep to parse).
    settings: { "import/ignore": ["node_modules"] },
  },
  {
    // Nothing below app/ (lib/, db/, the root's proxy and hooks) imports it.
    files: ["lib/**", "db/**", "*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noApp] }] },
  },
  {
    // The request is read at the edges only: pages and actions, the sign-in (lib/auth/) and the request's plumbing
    // (lib/http/). The rules below them take what they need as arguments.
    files: ["lib/**"],
    ignores: ["lib/auth/**", "lib/http/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noApp], paths: [requestOnlyAtEdges] }] },
  },
  {
    // The database layer stands alone: its only dependencies inside the project are the environment and which
    // database it is (lib/database-target.ts).
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noApp,
            {
              regex: "^(@/|(\\.\\./)+)lib/(?!(env|env-files|database-target)$)",
              message: "db/ imports nothing from lib/ but env, env-files and database-target.",
            },
          ],
          paths: [requestOnlyAtEdges],
        },
      ],
    },
  },
  {
    // Playwright fixtures call a parameter named `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([".next/**", ".data/**", "drizzle/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
]);
