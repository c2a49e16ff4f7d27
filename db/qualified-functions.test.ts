// docs/security.md, "Schema hygiene": every PostgreSQL function the portal's queries call (db/ and lib/) is
// pg_catalog-qualified, so a function planted in public with a closer signature never runs. Read from the source, so a
// new query cannot slip one in. (db/schema/'s defaults are DDL: bound to their function when the migration ran.)
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const files = ["db", "lib"]
  .flatMap((folder) =>
    fs
      .readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
      .map((name) => path.join(folder, name)),
  )
  .filter((name) => /\.tsx?$/.test(name) && !name.includes(".test.") && !name.startsWith(path.join("db", "schema")))
  .filter((name) => fs.readFileSync(path.join(root, name), "utf8").includes("drizzle-orm"));

/** SQL syntax written like a call: keywords and constructs that are not functions and cannot be qualified. */
const syntax = new Set(
  (
    "and or not in as on any all some exists values filter over cast row array coalesce greatest least nullif " +
    "extract position substring trim overlay using from where select distinct with when then else case by into " +
    "conflict returning set lateral join union is like partition order group having limit interval lock"
  ).split(" "),
);

/** The end of the `${…}` interpolation that starts at `start` (just after `${`), past nested braces and templates. */
function interpolationEnd(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (depth > 0) {
    const char = text[i]!;
    if (char === "`") i = templateEnd(text, i + 1).end;
    else {
      if (char === "{") depth++;
      if (char === "}") depth--;
      i++;
    }
  }
  return i;
}

/** A template literal's text from `start` (just after its backtick), its interpolations replaced by `$0`. */
function templateEnd(text: string, start: number): { body: string; end: number } {
  let body = "";
  let i = start;
  while (text[i] !== "`") {
    if (text[i] === "\\") {
      body += text.slice(i, i + 2);
      i += 2;
    } else if (text.startsWith("${", i)) {
      i = interpolationEnd(text, i + 2);
      body += " $0 ";
    } else body += text[i++];
  }
  return { body, end: i + 1 };
}

/** Every SQL template (`sql`…`` and `sql<T>`…``) of a source file, interpolations left out. */
function sqlTemplates(source: string): string[] {
  return [...source.matchAll(/\bsql(<[^`;]*?>)?`/g)].map(
    (match) => templateEnd(source, match.index + match[0].length).body,
  );
}

/** The unqualified calls in `query`: a name followed by `(`, not after a dot, a colon or a quote, nor an alias's. */
function unqualifiedCalls(query: string): string[] {
  const code = query
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"[^"]*"/g, '""')
    .replace(/\bas\s+[a-z_]+\s*\(/gi, "as $0 (");
  return [...code.matchAll(/(?<![\w.:"$])([a-z_][a-z0-9_]*)\s*\(/gi)]
    .map((match) => match[1]!.toLowerCase())
    .filter((name) => !syntax.has(name));
}

describe("the queries call PostgreSQL's functions by their pg_catalog name", () => {
  it("finds an unqualified call, and passes a qualified one or SQL syntax", () => {
    expect(unqualifiedCalls("select max(a.time), sum(x), array_agg(y), now() from t")).toEqual([
      "max",
      "sum",
      "array_agg",
      "now",
    ]);
    expect(
      unqualifiedCalls("select pg_catalog.max(t), coalesce(a, b) from t where x in (1) and 'now()' = \"f(\""),
    ).toEqual([]);
  });

  it.each(files)("%s", (file) => {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    expect(sqlTemplates(source).flatMap(unqualifiedCalls)).toEqual([]);
    // drizzle's aggregate helpers write `count(*)`, `max(…)` unqualified.
    expect(source).not.toMatch(
      /import \{[^}]*\b(count|countDistinct|sum|sumDistinct|max|min|avg)\b[^}]*\} from "drizzle-orm"/,
    );
  });
});
