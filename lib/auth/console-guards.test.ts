// Deny by default, proved over the console's files: every page, route handler and server action under app/admin calls
// one of the guards first, with an action the role table knows; and each one a viewer may not use refuses a viewer
// (run for real, with a viewer's session, before anything else happens).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { can, operatorActions, type OperatorAction } from "./permissions";

vi.mock("@/lib/auth/next-auth", () => {
  const viewer = async () => ({
    user: { id: "00000000-0000-4000-8000-000000000001", role: "viewer", sessionVersion: 1, mustRegisterPasskey: false },
    expires: new Date(Date.now() + 60_000).toISOString(),
  });
  return { getSession: viewer, getFreshSession: viewer, getSessionCheckedByAction: viewer };
});
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
  notFound: () => {
    throw new Error("not-found");
  },
}));

const root = path.resolve(import.meta.dirname, "../..");
const consoleDir = path.join(root, "app/admin");
const guards = {
  requireOperator: "action",
  requireOperatorNow: "action",
  requireAnyOperator: "none",
  requireOperatorDuringPasskeySetup: "none",
  requireOperatorNowDuringPasskeySetup: "none",
} as const;
/** The only entries open to every role: the refusal page and the operator's own passkeys. */
const openToEveryRole = ["app/admin/denied/page.tsx", "app/admin/account/passkeys/"];

type Entry = { file: string; name: string; guard: keyof typeof guards; action?: OperatorAction };

const routeMethods = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/** The guard call of a function body's first statement: `await guard(...)` or `const x = await guard(...)`. */
function firstGuard(body: ts.ConciseBody | undefined): { guard: string; argument?: string } | undefined {
  if (!body || !ts.isBlock(body)) return undefined;
  const first = body.statements[0];
  let expression: ts.Expression | undefined;
  if (first && ts.isExpressionStatement(first)) expression = first.expression;
  if (first && ts.isVariableStatement(first)) expression = first.declarationList.declarations[0]?.initializer;
  if (!expression || !ts.isAwaitExpression(expression) || !ts.isCallExpression(expression.expression)) return undefined;
  const call = expression.expression;
  if (!ts.isIdentifier(call.expression)) return undefined;
  const [argument] = call.arguments;
  return {
    guard: call.expression.text,
    argument: argument && ts.isStringLiteral(argument) ? argument.text : undefined,
  };
}

function entriesOf(file: string): { name: string; body: ts.ConciseBody | undefined }[] {
  const base = path.basename(file);
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { name: string; body: ts.ConciseBody | undefined }[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement)) {
      const name = isDefault(statement) ? "default" : (statement.name?.text ?? "default");
      if (base === "page.tsx" && name !== "default") continue;
      if (base === "route.ts" && !routeMethods.has(name)) continue;
      found.push({ name, body: statement.body });
    }
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const initializer = declaration.initializer;
        if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) {
          found.push({ name: declaration.name.getText(), body: initializer.body });
        } else if (base !== "page.tsx") {
          // A route or an action module exports functions only (a page may export its metadata).
          found.push({ name: declaration.name.getText(), body: undefined });
        }
      }
    }
    if (ts.isExportAssignment(statement)) found.push({ name: "default", body: undefined });
  }
  return found;
}

const consoleFiles = (fs.readdirSync(consoleDir, { recursive: true }) as string[])
  .filter((file) => ["page.tsx", "route.ts", "actions.ts"].includes(path.basename(file)))
  .map((file) => path.join(consoleDir, file))
  .sort();

const entries: Entry[] = consoleFiles.flatMap((file) =>
  entriesOf(file).map(({ name, body }) => {
    const relative = path.relative(root, file);
    const guard = firstGuard(body);
    if (!guard || !(guard.guard in guards)) {
      throw new Error(`${relative} ${name}: its first statement must be a console guard from lib/auth/guards.ts`);
    }
    return {
      file: relative,
      name,
      guard: guard.guard as keyof typeof guards,
      action: guard.argument as OperatorAction | undefined,
    };
  }),
);

describe("every console page, route handler and server action checks the role first", () => {
  it("finds the console's entries", () => {
    expect(consoleFiles.length).toBeGreaterThanOrEqual(10);
    expect(entries.map((entry) => `${entry.file} ${entry.name}`)).toContain(
      "app/admin/operators/actions.ts changeOperatorAction",
    );
  });

  it.each(entries)("$file $name: $guard($action)", (entry) => {
    if (guards[entry.guard] === "action") {
      expect(Object.keys(operatorActions)).toContain(entry.action);
    } else {
      expect(entry.action).toBeUndefined();
      expect(openToEveryRole.some((open) => entry.file.startsWith(open))).toBe(true);
    }
    const text = fs.readFileSync(path.join(root, entry.file), "utf8");
    expect(text).toMatch(new RegExp(`import \\{[^}]*\\b${entry.guard}\\b[^}]*\\} from "@/lib/auth/guards"`));
  });
});

describe("a viewer is refused every console entry whose action a viewer may not do", () => {
  const refused = entries.filter((entry) => entry.action && !can("viewer", entry.action));
  const modules = new Map<string, Record<string, unknown>>();
  beforeAll(async () => {
    for (const file of new Set(refused.map((entry) => entry.file))) {
      modules.set(file, await import(/* @vite-ignore */ path.join(root, file)));
    }
  }, 60_000);

  it("has such entries (operators, API keys, imports, the job's controls among them)", () => {
    const actions = new Set(refused.map((entry) => entry.action));
    for (const action of ["operators.manage", "operators.read-trail", "api-keys.manage", "imports.manage"] as const) {
      expect(actions).toContain(action);
    }
  });

  it.each(refused)("$file $name ($action) sends a viewer to the refusal page", async (entry) => {
    const run = modules.get(entry.file)![entry.name] as (...args: unknown[]) => Promise<unknown>;
    const empty = new FormData();
    const args = entry.file.endsWith("actions.ts")
      ? [{}, empty]
      : entry.file.endsWith("route.ts")
        ? [new Request("http://localhost/admin", { method: entry.name }), { params: Promise.resolve({ id: "x" }) }]
        : [{ searchParams: Promise.resolve({}), params: Promise.resolve({ id: "x" }) }];
    await expect(run(...args)).rejects.toThrow("redirect:/admin/denied");
  });
});
