// The call control's config read as an attacker would: every value a database query in deploy/kamailio/kamailio.cfg
// carries must reach SQL hex-encoded ({s.encode.hexa}, decoded in SQL) or as an integer ({s.int}), never as text the
// request wrote. A later route that pastes a value into SQL fails here.
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const config = fs.readFileSync("deploy/kamailio/kamailio.cfg", "utf8");

/** The quoted strings of the config's code (comments left out) that are SQL: they name a statement. */
function sqlStrings(text: string): string[] {
  const code = text
    .split("\n")
    .filter((line) => !/^\s*#(?!!)/.test(line))
    .join("\n");
  return [...code.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)]
    .map((match) => match[1] ?? match[2] ?? "")
    .filter((text) => /\b(select|insert|update|delete|call|do|copy)\b/i.test(text));
}

/** The pseudo-variable expressions in `sql`: `$(…)` with its nesting, or `$name` / `$name(…)`. */
function pseudoVariables(sql: string): string[] {
  const found: string[] = [];
  for (let i = sql.indexOf("$"); i !== -1; i = sql.indexOf("$", i + 1)) {
    let end = i + 1;
    if (sql[end] === "(") {
      let depth = 0;
      for (; end < sql.length; end++) {
        if (sql[end] === "(") depth++;
        if (sql[end] === ")" && --depth === 0) break;
      }
      end++;
    } else {
      while (end < sql.length && /[A-Za-z0-9_]/.test(sql[end]!)) end++;
      if (sql[end] === "(") end = sql.indexOf(")", end) + 1;
    }
    found.push(sql.slice(i, end));
  }
  return found;
}

/** The values of `text`'s queries that are neither hex-encoded nor integers. */
function unsafeQueryValues(text: string): string[] {
  return sqlStrings(text).flatMap((sql) =>
    pseudoVariables(sql).filter((value) => !/\{(s\.encode\.hexa|s\.int)\}\)$/.test(value)),
  );
}

describe("the call control's database queries", () => {
  it("carry every value of a request hex-encoded or as an integer", () => {
    const queries = sqlStrings(config);
    // The check reads the real queries: the failure records, the grace, the numbers, the stale registrations.
    expect(queries.length).toBeGreaterThanOrEqual(5);
    expect(queries.some((sql) => sql.includes("sip_record_failure"))).toBe(true);
    expect(unsafeQueryValues(config)).toEqual([]);
  });

  it("finds a value pasted into SQL, as the injection of issue #33 was", () => {
    const injectable = `route[BANNED] {\n\tavp_db_query("select sip_banned('$var(line)', '$si')", "$avp(banned)");\n}`;
    expect(unsafeQueryValues(injectable)).toEqual(["$var(line)", "$si"]);
    expect(unsafeQueryValues(`sql_query("ca", "delete from location where username = '$tU'", "r");`)).toEqual(["$tU"]);
    // A transformation that is not an encoding leaves the text as it was.
    expect(unsafeQueryValues(`avp_db_query("select x('$(tU{s.substr,0,64})')");`)).toEqual(["$(tU{s.substr,0,64})"]);
    expect(unsafeQueryValues(`avp_db_query("select x('$(tU{s.encode.hexa})', $(sp{s.int}))");`)).toEqual([]);
  });
});
