import { describe, expect, it } from "vitest";
import { authenticationOptions, registrationOptions } from "./passkeys";

const party = { id: "selfcare.example.jp", origin: "https://selfcare.example.jp", name: "IP加入電話 セルフケア" };
const customer = { id: "3adf7599-7e2e-4b03-9f3e-09b9f955e424", selfCareId: "demo0001", displayName: "デモ 一郎" };

describe("passkey options", () => {
  it("asks for a discoverable passkey verified by the device, for this deployment, never one already registered", async () => {
    const options = await registrationOptions(party, customer, [{ id: "existing-cred", transports: ["internal"] }]);
    expect(options.rp).toEqual({ id: "selfcare.example.jp", name: "IP加入電話 セルフケア" });
    expect(options.user.name).toBe("demo0001");
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.excludeCredentials).toEqual([{ id: "existing-cred", type: "public-key", transports: ["internal"] }]);
    expect(options.timeout).toBe(5 * 60_000);
    // A fresh random challenge each time.
    expect((await registrationOptions(party, customer, [])).challenge).not.toBe(options.challenge);
  });

  it("lets the browser offer its passkeys for a sign-in, and only the customer's for a step-up", async () => {
    const signIn = await authenticationOptions(party);
    expect(signIn).toMatchObject({ rpId: "selfcare.example.jp", userVerification: "required" });
    expect(signIn.allowCredentials ?? []).toEqual([]);
    const stepUp = await authenticationOptions(party, [{ id: "mine", transports: [] }]);
    expect(stepUp.allowCredentials).toEqual([{ id: "mine", type: "public-key", transports: [] }]);
  });
});
