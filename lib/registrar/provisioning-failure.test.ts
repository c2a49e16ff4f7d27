import { describe, expect, it } from "vitest";
import { ProvisioningError, describeFailure } from "./provisioning-failure";

const databaseError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("describeFailure", () => {
  it("keeps the database's code and message, never the wrapper's SQL and parameters", () => {
    const wrapped = new Error(
      'Failed query: insert into "sip_credentials" ("ha1") values ($1)\nparams: 939e7578ed9e3c518a452acee763bce9',
      { cause: databaseError("23514", 'new row for relation "sip_credentials" violates check constraint "x"') },
    );
    const failure = describeFailure(wrapped);
    expect(failure).toEqual({
      reason: '23514: new row for relation "sip_credentials" violates check constraint "x"',
      transient: false,
    });
    expect(failure.reason).not.toMatch(/insert|params|939e75/);
  });

  it.each(["40001", "40P01", "08006", "53300", "55P03", "57P01"])("retries %s without using an attempt", (code) => {
    expect(describeFailure(new Error("Failed query", { cause: databaseError(code, "try again") })).transient).toBe(
      true,
    );
  });

  it("treats a lost connection as transient", () => {
    expect(describeFailure(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toEqual({
      reason: "database unreachable",
      transient: true,
    });
  });

  it("keeps a provisioner's stated reason, and only the kind of anything else", () => {
    expect(describeFailure(new ProvisioningError("registrar refused 05012345678")).reason).toBe(
      "registrar refused 05012345678",
    );
    expect(describeFailure(new TypeError("secret k7m2x9qa in a message"))).toEqual({
      reason: "unexpected TypeError",
      transient: false,
    });
    expect(describeFailure("a string")).toEqual({ reason: "unexpected failure", transient: false });
  });
});
