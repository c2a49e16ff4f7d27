import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

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
    files: ["lib/**", "db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(@/|(\\.\\./)+)app/", message: "lib/ and db/ never import app/." }] },
      ],
    },
  },
  {
    // The database layer stands alone: its only dependency inside the project is the environment.
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^(@/|(\\.\\./)+)app/", message: "lib/ and db/ never import app/." },
            { regex: "^(@/|(\\.\\./)+)lib/(?!env$)", message: "db/ imports nothing from lib/ but env." },
          ],
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
