import { decode as authDecode, encode as authEncode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REISSUE_AFTER_SECONDS, decode, encode } from "./jwt";

const secret = "test-auth-secret-0123456789abcdef0123456789";
const salt = "authjs.session-token";
const token = {
  id: "5d0c0e1a-3a1c-4c5e-9f43-0d1c8b7a6e21",
  role: "customer" as const,
  sessionVersion: 3,
  name: "デモ 一郎",
};

describe("the session token with a kept derived key", () => {
  it("is read by next-auth's own decode, and reads next-auth's tokens", async () => {
    const ours = await encode({ token, secret, salt, maxAge: 1800 });
    expect(await authDecode({ token: ours, secret, salt })).toMatchObject(token);
    const theirs = await authEncode({ token, secret, salt, maxAge: 1800 });
    expect(await decode({ token: theirs, secret, salt })).toMatchObject(token);
  });

  it("expires with maxAge and refuses another secret or salt", async () => {
    const issued = await encode({ token, secret, salt, maxAge: 1800 });
    const payload = await decode({ token: issued, secret, salt });
    expect(payload!.exp! - payload!.iat!).toBe(1800);
    await expect(decode({ token: issued, secret: `${secret}x`, salt })).rejects.toThrow();
    await expect(decode({ token: issued, secret, salt: "__Host-authjs.session-token" })).rejects.toThrow();
  });
});

describe("re-issuing on every request", () => {
  afterEach(() => vi.useRealTimers());

  it("hands back the same token while it is under a minute old and unchanged, a new one after", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 5), toFake: ["Date"] });
    const first = await encode({ token, secret, salt, maxAge: 1800 });
    const decoded = await decode({ token: first, secret, salt });
    vi.advanceTimersByTime(30_000);
    expect(await encode({ token: decoded!, secret, salt, maxAge: 1800 })).toBe(first);
    // Changed (the database says another role): re-encrypted at once.
    const changed = await encode({ token: { ...decoded!, role: "admin" }, secret, salt, maxAge: 1800 });
    expect(changed).not.toBe(first);
    expect(await decode({ token: changed, secret, salt })).toMatchObject({ role: "admin" });

    vi.advanceTimersByTime(REISSUE_AFTER_SECONDS * 1000);
    const again = await encode({ token: decoded!, secret, salt, maxAge: 1800 });
    expect(again).not.toBe(first);
    const renewed = await decode({ token: again, secret, salt });
    expect(renewed!.exp).toBe(Math.floor(Date.now() / 1000) + 1800);
  });

  it("does not take a token decrypted under one cookie name for another", async () => {
    const issued = await encode({ token, secret, salt, maxAge: 1800 });
    expect(await decode({ token: issued, secret, salt })).toMatchObject(token);
    await expect(decode({ token: issued, secret, salt: "__Host-authjs.session-token" })).rejects.toThrow();
  });

  it("stops taking a remembered token once it has expired", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 5), toFake: ["Date"] });
    const issued = await encode({ token, secret, salt, maxAge: 60 });
    expect(await decode({ token: issued, secret, salt })).toMatchObject(token);
    vi.advanceTimersByTime(120_000);
    await expect(decode({ token: issued, secret, salt })).rejects.toThrow();
  });
});
