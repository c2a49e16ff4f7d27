import fs from "node:fs";
import { describe, expect, it } from "vitest";

const grants = fs.readFileSync("deploy/kamailio/grants.sql", "utf8");
const words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** The names a `GRANT <privilege> ON <kind> a, b(…), c TO kamailio_registrar` statement of grants.sql lists. */
function granted(statement: RegExp): string[] {
  return [...grants.matchAll(statement)].flatMap((match) =>
    match[1]!
      .replace(/\([^)]*\)/g, "")
      .split(",")
      .map((name) => name.trim()),
  );
}

const views = granted(/GRANT SELECT ON TABLE ([^;]+?)\s+TO kamailio_registrar/g).filter((name) =>
  name.startsWith("sip_"),
);
const functions = granted(/GRANT EXECUTE ON FUNCTION ([^;]+?)\s+TO kamailio_registrar/g);

describe("the registrar's grants as the docs state them", () => {
  it("reads the views and functions grants.sql grants", () => {
    expect(views).toContain("sip_line_credentials");
    expect(functions).toContain("sip_end_grace");
  });

  it.each(["deploy/kamailio/README.md", "docs/security.md"])("%s counts and names each of them", (file) => {
    const text = fs.readFileSync(file, "utf8").replace(/\s+/g, " ");
    expect(text).toContain(`${words[views.length]} views (`);
    expect(text).toContain(`${words[functions.length]} functions (`);
    for (const name of [...views, ...functions]) expect(text).toContain(`\`${name}\``);
  });
});
