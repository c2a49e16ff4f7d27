import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, customers, rateLimits } from "@/db/schema";
import { verifySecret } from "@/lib/password-hashing";
import { limits } from "@/lib/rate-limit";
import { demoDatabase, testTargets } from "@/test/databases";
import { changeSelfCarePassword, needsFreshCode } from "./self-care-password";

const now = new Date("2026-11-24T05:00:00Z");
const meta = { ip: "198.51.100.30", userAgent: "vitest" };

describe.each(testTargets())("the self-care password on $name", ({ open }) => {
  const suite = demoDatabase({ open, clear: [rateLimits, auditEvents] });
  const account = async (selfCareId: string) =>
    (await suite.database.db.select().from(customers).where(eq(customers.selfCareId, selfCareId)))[0]!;
  const change = (customerId: string, currentPassword: string, newPassword: string, ip = meta.ip) =>
    changeSelfCarePassword({ customerId, input: { currentPassword, newPassword }, meta: { ...meta, ip }, now });

  it("stores the new password with argon2id and ends every other session", async () => {
    const before = await account("demo0001");
    const result = await change(suite.demo1, "Demo-pass-0001", "a long new passphrase 2026");
    expect(result).toEqual({ ok: true, sessionVersion: before.sessionVersion + 1 });
    const after = await account("demo0001");
    expect(after.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifySecret({ hash: after.passwordHash, secret: "a long new passphrase 2026" })).toBe(true);
    expect(await verifySecret({ hash: after.passwordHash, secret: "Demo-pass-0001" })).toBe(false);
  });

  it("lets exactly one of 20 simultaneous changes win; the others change nothing", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => change(suite.demo1, "Demo-pass-0001", `a long new passphrase ${i}`)),
    );
    const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    const after = await account("demo0001");
    expect(await verifySecret({ hash: after.passwordHash, secret: `a long new passphrase ${winners[0]}` })).toBe(true);
    expect(after.sessionVersion).toBe((results[winners[0]!] as { sessionVersion: number }).sessionVersion);
  });

  it("tries at most five wrong current passwords of 30 at once, and none of them limits another customer", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        change(suite.demo1, `wrong-${i}`, "a long new passphrase 2026", `198.51.100.${i}`),
      ),
    );
    const tried = results.filter((result) => !result.ok && result.reason === "credentials").length;
    const overloaded = results.filter((result) => !result.ok && result.reason === "overloaded").length;
    expect(tried + overloaded).toBeLessThanOrEqual(limits.selfCarePasswordFailuresPerCustomer.limit);
    expect(tried).toBeGreaterThanOrEqual(1);
    // The rest never reached argon2: over the customer's attempts (20 per 15 minutes), or over its misses.
    const stopped = results.filter(
      (result) => !result.ok && (result.reason === "throttled" || result.reason === "busy"),
    );
    expect(stopped).toHaveLength(30 - limits.selfCarePasswordFailuresPerCustomer.limit);
    // The other customer's own change goes through.
    expect((await change(suite.demo2, "Demo-pass-0002", "another long passphrase")).ok).toBe(true);
  });

  it("asks for a fresh code once the sign-in is more than ten minutes old", () => {
    const signedInAt = now.getTime() / 1000;
    expect(needsFreshCode({ signedInAt, now: new Date(now.getTime() + 10 * 60_000) })).toBe(false);
    expect(needsFreshCode({ signedInAt, now: new Date(now.getTime() + 10 * 60_000 + 1_000) })).toBe(true);
    expect(needsFreshCode({ signedInAt: undefined, now })).toBe(true);
  });
});
