// The call control's config read as an attacker would: every value a database query in deploy/kamailio/kamailio.cfg
// carries must reach SQL hex-encoded ({s.encode.hexa}, decoded in SQL) or as an integer ({s.int}), never as text the
// request wrote. A later route that pastes a value into SQL fails here.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { callKinds } from "@/db/enums";
import { policyRefusals } from "@/lib/calls/refusals";
import { INTERNATIONAL_POLICY } from "@/lib/calls/international";

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

  it("compare decoded text in the columns' collation, so the indexes serve them", () => {
    // convert_from's 'UTF8' is a `name`, whose collation is "C": without COLLATE "default" the comparison with a text
    // column cannot use its index, and every REGISTER scanned sip_credentials whole (issue #37).
    const decoded = sqlStrings(config).flatMap((sql) => [
      ...sql.matchAll(/convert_from\(decode\('[^']*', 'hex'\), 'UTF8'\)( COLLATE \\"default\\")?/g),
    ]);
    expect(decoded.length).toBeGreaterThanOrEqual(5);
    expect(decoded.filter((match) => match[1] === undefined).map((match) => match[0])).toEqual([]);
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

/** The config's code without its comments. */
const code = config
  .split("\n")
  .filter((line) => !/^\s*#(?!!)/.test(line))
  .join("\n");

/** The body of route[name], up to its closing brace at the start of a line. */
function route(name: string): string {
  const start = code.indexOf(`route[${name}] {`);
  expect(start, `route[${name}]`).toBeGreaterThanOrEqual(0);
  return code.slice(start, code.indexOf("\n}", start));
}

describe("the outbound policy in the call control", () => {
  it("refuses with exactly the reason phrases the history pages word, each through route REFUSE", () => {
    const phrases = [...code.matchAll(/\$var\(refusal\) = "([^"]*)"/g)].map((match) => match[1]);
    expect(new Set(phrases)).toEqual(new Set(Object.keys(policyRefusals)));
    // No policy phrase is answered or recorded anywhere else.
    const literal403s = [...code.matchAll(/sl_send_reply\("403", "([^"$]*)"\)/g)].map((match) => match[1]!);
    expect(literal403s.filter((reason) => Object.hasOwn(policyRefusals, reason))).toEqual([]);
    expect(route("REFUSE")).toMatch(
      /acc_db_request\("403 \$var\(refusal\)", "acc"\);[\s\S]*sl_send_reply\("403", "\$var\(refusal\)"\);/,
    );
  });

  it("has the contract's defaults, each a define a deployment can override", () => {
    const defaults = Object.fromEntries(
      [...config.matchAll(/#!ifndef (\w+)\n#!define \1 (.*)\n#!endif/g)].map((match) => [match[1], match[2]]),
    );
    expect(defaults).toMatchObject({
      BLOCKED_PREFIXES: '"0990,0570,0180,0067"',
      MAX_CALLS: "2",
      MAX_INTERNATIONAL_CALLS: "1",
      INTERNATIONAL_MAX_SECONDS: "3600",
      INTERNATIONAL_BURST_ATTEMPTS: "5",
      INTERNATIONAL_BURST_MINUTES: "10",
    });
    // The customer's 「国際電話の利用」 page states these same limits.
    expect(INTERNATIONAL_POLICY).toEqual({
      concurrentCalls: Number(defaults.MAX_INTERNATIONAL_CALLS),
      maxMinutes: Number(defaults.INTERNATIONAL_MAX_SECONDS) / 60,
      burstAttempts: Number(defaults.INTERNATIONAL_BURST_ATTEMPTS),
      burstMinutes: Number(defaults.INTERNATIONAL_BURST_MINUTES),
    });
    // No default emergency route: a deployment must name one, else 110, 118 and 119 are refused.
    expect(defaults).not.toHaveProperty("EMERGENCY_GATEWAY");
    expect(code).toMatch(/#!ifndef NO_OUTBOUND_POLICY\n\troute\(OUTBOUND_POLICY\);\n#!endif/);
  });

  it("reads the line's international calling, and stops it, only after the line has authenticated", () => {
    const call = route("CALL");
    expect(call.indexOf("route(AUTH)")).toBeGreaterThan(0);
    expect(call.indexOf("route(AUTH)")).toBeLessThan(call.indexOf("route(OUTBOUND_POLICY)"));
    const international = route("INTERNATIONAL");
    expect(international).toContain("sip_outbound_policies");
    expect(international).toContain("select sip_stop_international('$(var(line){s.encode.hexa})'");
    expect(code.match(/sip_outbound_policies|sip_stop_international/g)).toHaveLength(2);
  });

  it("classifies calls only into the kinds the records know", () => {
    const kinds = new Set([...code.matchAll(/\$var\(kind\) = "([^"]+)"/g)].map((match) => match[1]));
    expect([...kinds].every((kind) => (callKinds as readonly string[]).includes(kind!))).toBe(true);
    expect(kinds).toEqual(new Set(callKinds));
  });

  it("records the values acc writes from the transaction's AVPs, and the CDR's from the dialog's variables alone (an expired dialog has no message)", () => {
    expect(code).toContain(
      'modparam("acc", "db_extra", "caller=$avp(caller);callee=$avp(callee);dialled=$avp(dialled);kind=$avp(kind)")',
    );
    const cdrExtra = /modparam\("acc", "cdr_extra", "([^"]*)"\)/.exec(code)![1]!;
    const columns = cdrExtra.split(";").map((pair) => pair.split("="));
    expect(columns.map(([column]) => column)).toEqual(["callid", "caller", "callee", "dialled", "kind", "ended"]);
    expect(columns.every(([column, value]) => value === `$dlg_var(${column})`)).toBe(true);
    expect(code).toContain('modparam("acc", "cdr_expired_dlg_enable", 1)');
  });
});
