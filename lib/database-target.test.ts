import { describe, expect, it } from "vitest";
import {
  databaseName,
  describeDatabase,
  isThrowawayDatabase,
  refuseUnlessThrowaway,
  withDatabaseName,
} from "./database-target";

describe("isThrowawayDatabase", () => {
  it("takes a PostgreSQL database whose name says test", () => {
    expect(isThrowawayDatabase({ url: "postgres://postgres@127.0.0.1:5432/test" })).toBe(true);
    expect(isThrowawayDatabase({ url: "postgres://postgres@127.0.0.1:5432/selfcare_e2e_TEST" })).toBe(true);
  });

  it("reads the database's name only: a user, host, password or option saying test counts for nothing", () => {
    for (const url of [
      "postgres://test@127.0.0.1:5432/selfcare_prod",
      "postgres://app:test@test-db.example.jp/selfcare_prod",
      "postgres://app@db.example.jp/selfcare_prod?application_name=test&options=-c%20search_path%3Dtest",
      "postgres://app@db.example.jp/selfcare_prod#test",
      "postgres://test@127.0.0.1:5432",
    ]) {
      expect(isThrowawayDatabase({ url }), url).toBe(false);
    }
    expect(databaseName({ url: "postgres://test@test.example.jp/selfcare_prod?x=test" })).toBe("selfcare_prod");
  });

  it("reads the database a `database` parameter names, as postgres.js connects to it, over the path's", () => {
    const url = "postgres://app@db.example.jp/selfcare_test?database=selfcare_prod";
    expect(databaseName({ url })).toBe("selfcare_prod");
    expect(isThrowawayDatabase({ url })).toBe(false);
    expect(isThrowawayDatabase({ url: "postgres://app@db.example.jp/selfcare_prod?database=selfcare_test" })).toBe(
      true,
    );
  });

  it("takes an embedded database by its data folder's own name, not a parent's", () => {
    expect(isThrowawayDatabase({ dataDir: "/work/.data/e2e-test" })).toBe(true);
    expect(isThrowawayDatabase({ dataDir: "/tmp/test/.data" })).toBe(false);
  });
});

describe("describeDatabase", () => {
  it("names the server and the database, never the password", () => {
    const described = describeDatabase({ url: "postgres://app:s3cret-pw@db.example.jp:6432/selfcare" });
    expect(described).toBe('PostgreSQL database "selfcare" on db.example.jp:6432');
    expect(describeDatabase({ dataDir: "/srv/.data/pglite" })).toBe(
      "the embedded PGlite database in /srv/.data/pglite",
    );
  });
});

describe("refuseUnlessThrowaway", () => {
  it("names the database and what was refused", () => {
    expect(() => refuseUnlessThrowaway({ url: "postgres://test@h/selfcare_prod" }, "empty")).toThrow(
      'Refusing to empty PostgreSQL database "selfcare_prod" on h: only a database whose name contains "test"',
    );
    expect(() => refuseUnlessThrowaway({ url: "postgres://test@h/selfcare_test" }, "empty")).not.toThrow();
  });
});

describe("withDatabaseName", () => {
  it("names another database on the same server, dropping a `database` parameter that would override it", () => {
    const url = withDatabaseName(
      "postgres://app:pw@db.example.jp:5432/selfcare_test?database=x&sslmode=require",
      "a_test",
    );
    expect(url).toBe("postgres://app:pw@db.example.jp:5432/a_test?sslmode=require");
    expect(databaseName({ url })).toBe("a_test");
  });
});
