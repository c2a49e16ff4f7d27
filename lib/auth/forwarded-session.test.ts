import { describe, expect, it } from "vitest";
import { NO_SESSION, readForwardedSession, signForwardedSession, type ForwardedSession } from "./forwarded-session";

const secret = "test-auth-secret-0123456789abcdef0123456789";
const now = Date.UTC(2026, 10, 24, 5, 0, 0);
const session: ForwardedSession = {
  id: "5d0c0e1a-3a1c-4c5e-9f43-0d1c8b7a6e21",
  role: "customer",
  name: "デモ 一郎",
  sessionVersion: 3,
  signedInAt: now / 1000 - 600,
  expires: now / 1000 + 1800,
};

describe("the session the proxy forwards to the page", () => {
  it("reads back what the proxy signed", () => {
    expect(readForwardedSession(signForwardedSession(session, secret), secret, now)).toEqual(session);
  });

  it("tells no proxy (undefined) from no session (null)", () => {
    expect(readForwardedSession(null, secret, now)).toBeUndefined();
    expect(readForwardedSession(NO_SESSION, secret, now)).toBeNull();
  });

  it("refuses a value signed with another secret, altered, or expired", () => {
    const signed = signForwardedSession(session, secret);
    expect(readForwardedSession(signForwardedSession(session, `${secret}x`), secret, now)).toBeNull();
    const [, signature] = signed.split(".");
    const forged = Buffer.from(JSON.stringify({ ...session, role: "admin" })).toString("base64url");
    expect(readForwardedSession(`${forged}.${signature}`, secret, now)).toBeNull();
    expect(readForwardedSession(`${signed}.extra`, secret, now)).toBeNull();
    expect(readForwardedSession("garbage", secret, now)).toBeNull();
    expect(readForwardedSession(signed, secret, session.expires * 1000)).toBeNull();
  });
});
