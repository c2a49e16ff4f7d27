import { describe, expect, it } from "vitest";
import { operatorRoles } from "@/db/enums";
import { can, operatorActions, type OperatorAction } from "./permissions";

const every = Object.keys(operatorActions) as OperatorAction[];
const allowed = (role: (typeof operatorRoles)[number]) => every.filter((action) => can(role, action));

describe("the role table", () => {
  it("lets a viewer read and export, and nothing else", () => {
    expect(allowed("viewer")).toEqual(["changes.read", "changes.export", "customers.read"]);
  });

  it("lets support read, unlock, end sessions, re-issue and print a letter, lift a SIP ban and stop international calls", () => {
    expect(allowed("support")).toEqual([
      "changes.read",
      "changes.export",
      "customers.read",
      "customers.unlock",
      "customers.end-sessions",
      "customers.reissue-letter",
      "letters.print",
      "sip.lift-ban",
      "lines.international-off",
    ]);
  });

  it("lets an admin do everything, operators, keys, lifecycle and imports included", () => {
    expect(allowed("admin")).toEqual(every);
  });

  it("grants each role everything the role below it has", () => {
    for (const action of every) {
      if (can("viewer", action)) expect(can("support", action)).toBe(true);
      if (can("support", action)) expect(can("admin", action)).toBe(true);
    }
  });
});
