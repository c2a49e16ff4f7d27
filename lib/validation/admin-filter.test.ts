import { describe, expect, it } from "vitest";
import { GUESS_ALERT } from "@/lib/registrar/guess-alert";
import { parseAdminQuery, runSummaryPath } from "./admin-filter";

describe("the admin list's query", () => {
  it("reads a manual run's summary from named parameters, and keeps it out of the filter's links", () => {
    const path = runSummaryPath({ reflected: 3, retrying: 1, failed: 2 });
    const params = Object.fromEntries(new URL(path, "http://localhost").searchParams);
    const query = parseAdminQuery({ ...params, status: "failed" });
    expect(query.ran).toEqual({ reflected: 3, retrying: 1, failed: 2 });
    expect(query.raw).toEqual({ status: "failed" });
    expect(query.confirming).toBe(false);
  });

  it("shows no summary for a partial, negative, fractional or non-numeric one", () => {
    for (const params of [
      { reflected: "1", retrying: "0" },
      { reflected: "-1", retrying: "0", failed: "0" },
      { reflected: "1.5", retrying: "0", failed: "0" },
      { reflected: "1-2-3", retrying: "0", failed: "0" },
    ]) {
      expect(parseAdminQuery(params).ran).toBeUndefined();
    }
  });

  it("asks for the run's confirmation only with confirm=run", () => {
    expect(parseAdminQuery({ confirm: "run" }).confirming).toBe(true);
    expect(parseAdminQuery({ confirm: "yes" }).confirming).toBe(false);
  });

  it("falls back to the pending view for unknown values", () => {
    const query = parseAdminQuery({ status: "drop table", service: "x", from: "2026-13-99" });
    expect(query.filter).toMatchObject({ status: "pending", service: undefined, from: undefined });
  });

  it("filters on a guessing flood with guesses=1, at the alert's own threshold and window, and keeps it in the links", () => {
    const query = parseAdminQuery({ status: "all", guesses: "1" });
    expect(query.filter.guessFlood).toEqual(GUESS_ALERT);
    expect(query.raw).toEqual({ status: "all", guesses: "1" });
    for (const guesses of ["0", "true", "1; drop table"]) {
      expect(parseAdminQuery({ guesses }).filter.guessFlood).toBeUndefined();
      expect(parseAdminQuery({ guesses }).raw).toEqual({});
    }
  });
});
