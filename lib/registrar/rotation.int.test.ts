// The two ways of changing, as the registrar's tables see them: what the views authenticate at each step, the grace
// that ends by itself or when a device registers with the new password, the registrations made with the previous
// password, and an emergency change's cut-off (including 60 at once on one line). Times are taken from the real
// clock, because the views compare with the database's own.
import { signedIn } from "@/test/action-context";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { forgetStaleRegistrations, PREVIOUS_CREDENTIAL_FLAG } from "@/db/queries/sip-credentials";
import { registrationsProving } from "@/db/queries/registrations";
import {
  auditEvents,
  kamailioLocations,
  mailQueue,
  outboxEmails,
  passwordChanges,
  rateLimits,
  sipCredentials,
} from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { cancelPasswordChange, requestPasswordChange } from "../changes/password-change";
import { reflectionTime } from "../changes/reflection";
import { applyDueChanges } from "../changes/reflection-job";
import { digestHashes } from "./kamailio";

process.env.REGISTRATION_CHECK = "on";

const meta = { ip: "203.0.113.20", userAgent: "vitest" };
const NUMBER = "05087654321";
const DOMAIN = "sip.example.jp";
const HOUR = 3_600_000;
const hashOf = (password: string) => digestHashes({ username: NUMBER, domain: DOMAIN, realm: DOMAIN, password }).ha1;

describe.each(testTargets())("rotation in the registrar's tables on $name", ({ name, open }) => {
  const suite = demoDatabase({
    open,
    clear: [kamailioLocations, sipCredentials, auditEvents, outboxEmails, mailQueue, passwordChanges, rateLimits],
  });
  const db = () => suite.database.db;

  const request = (switchMode: "routine" | "emergency", current = "pass5678", next = "k7m2x9qa", at = new Date()) =>
    requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: {
        number: NUMBER,
        currentPassword: current,
        newPassword: next,
        confirmPassword: next,
        switchMode,
        requestToken: randomUUID(),
      },
      meta,
      now: at,
    });
  /** The hashes a view of the registrar's offers for the line. */
  const ha1sIn = async (view: string) => {
    const result = (await db().execute(sql.raw(`select ha1 from ${view} where username = '${NUMBER}'`))) as unknown as
      { rows: { ha1: string }[] } | { ha1: string }[];
    return (Array.isArray(result) ? result : result.rows).map((row) => row.ha1);
  };
  /**
   * The line's row of sip_line_credentials, the one query Kamailio makes, as lists of hashes by role; each is checked
   * against the view of that one password, so the row and the single-password views never disagree.
   */
  const lineHashes = async () => {
    const result = (await db().execute(
      sql.raw(
        `select ha1, previous_ha1, retired_ha1, early_ha1 from sip_line_credentials where username = '${NUMBER}'`,
      ),
    )) as unknown as { rows: Record<string, string | null>[] } | Record<string, string | null>[];
    const [row] = Array.isArray(result) ? result : result.rows;
    const list = (value: string | null | undefined) => (value ? [value] : []);
    const hashes = {
      current: list(row?.ha1),
      previous: list(row?.previous_ha1),
      retired: list(row?.retired_ha1),
      early: list(row?.early_ha1),
    };
    expect(hashes).toEqual({
      current: await ha1sIn("sip_credentials_in_force"),
      previous: await ha1sIn("sip_previous_credentials"),
      retired: await ha1sIn("sip_retired_credentials"),
      early: await ha1sIn("sip_early_credentials"),
    });
    return hashes;
  };
  /** What the registrar accepts for the line: its current password, and its previous one during the grace. */
  const accepted = async () => {
    const { current, previous } = await lineHashes();
    return { current, previous };
  };
  /** The password the registrar may recognise but never accept: a change's, until its reflection. */
  const staged = async () => (await lineHashes()).early;
  const register = (contact: string, { previous = false } = {}) =>
    db()
      .insert(kamailioLocations)
      .values({
        ruid: randomUUID(),
        username: NUMBER,
        domain: DOMAIN,
        contact,
        cflags: previous ? PREVIOUS_CREDENTIAL_FLAG : 0,
        lastModified: new Date(Date.now() + 2_000).toISOString().slice(0, 19).replace("T", " "),
      });
  const contacts = async () =>
    (await db().select().from(kamailioLocations).where(eq(kamailioLocations.username, NUMBER)))
      .map((row) => ({ contact: row.contact, previous: (row.cflags & PREVIOUS_CREDENTIAL_FLAG) !== 0 }))
      .sort((a, b) => a.contact.localeCompare(b.contact));
  const changeRow = async (id: string) =>
    (await db().select().from(passwordChanges).where(eq(passwordChanges.id, id)))[0]!;

  it("routine: the old password until the reflection, both during the grace, and the grace ends when a device registers with the new one", async () => {
    const at = new Date();
    const { changeId } = (await request("routine", "pass5678", "k7m2x9qa", at)) as { changeId: string };
    const reflection = reflectionTime("b2bua", at);
    expect(await changeRow(changeId)).toMatchObject({
      switchMode: "routine",
      graceUntil: new Date(reflection.at.getTime() + 72 * HOUR),
    });
    // Requested, not reflected: nothing changes for the registrar, which only learns to recognise the new password.
    expect(await accepted()).toEqual({ current: [hashOf("pass5678")], previous: [] });
    expect(await staged()).toEqual([hashOf("k7m2x9qa")]);
    await register("sip:desk@192.0.2.10");

    expect(await applyDueChanges(reflection.at)).toMatchObject({ reflected: 1 });
    expect(await accepted()).toEqual({ current: [hashOf("k7m2x9qa")], previous: [hashOf("pass5678")] });
    expect(await staged()).toEqual([]);
    // The desk phone registered with what is now the previous password, and is marked so.
    expect(await contacts()).toEqual([{ contact: "sip:desk@192.0.2.10", previous: true }]);
    expect((await registrationsProving([changeId])).get(changeId)).toBeNull();

    // A device registers with the new password: Kamailio calls sip_end_grace(); the previous password and the
    // registrations made with it are gone at once.
    await register("sip:mobile@192.0.2.11");
    await db().execute(sql`select sip_end_grace(${NUMBER}, ${DOMAIN})`);
    expect(await accepted()).toEqual({ current: [hashOf("k7m2x9qa")], previous: [] });
    expect(await contacts()).toEqual([{ contact: "sip:mobile@192.0.2.11", previous: false }]);
    expect((await registrationsProving([changeId])).get(changeId)).not.toBeNull();
    const [credential] = await db().select().from(sipCredentials).where(eq(sipCredentials.username, NUMBER));
    expect(credential!.previousUntil!.getTime()).toBeLessThan(Date.now() + 1_000);
  });

  it("routine: the grace ends by itself at its time, and the registrations made with the old password are forgotten", async () => {
    const at = new Date();
    await request("routine", "pass5678", "k7m2x9qa", at);
    expect(await applyDueChanges(reflectionTime("b2bua", at).at)).toMatchObject({ reflected: 1 });
    await register("sip:old@192.0.2.12", { previous: true });
    await register("sip:new@192.0.2.13");
    expect(await forgetStaleRegistrations(db())).toBe(0);
    expect((await accepted()).previous).toHaveLength(1);

    // 72 hours on: nothing ran, and the view no longer offers the previous password.
    await db().execute(sql`update sip_credentials set previous_until = now() - interval '1 second'`);
    expect(await accepted()).toEqual({ current: [hashOf("k7m2x9qa")], previous: [] });
    // What Kamailio does before routing a call to the line, and the portal's cleanup for every line.
    await db().execute(sql`select sip_forget_stale_registrations(${NUMBER}, ${DOMAIN})`);
    expect(await contacts()).toEqual([{ contact: "sip:new@192.0.2.13", previous: false }]);
    await register("sip:old@192.0.2.12", { previous: true });
    expect(await forgetStaleRegistrations(db())).toBe(1);
  });

  it("emergency: the line is cut off at the request, cannot be taken back, and works with the new password from the reflection", async () => {
    await register("sip:desk@192.0.2.10");
    await register("sip:thief@198.51.100.66");
    const at = new Date();
    const { changeId } = (await request("emergency", "pass5678", "k7m2x9qa", at)) as { changeId: string };
    expect(await changeRow(changeId)).toMatchObject({ switchMode: "emergency", graceUntil: null });
    expect(await accepted()).toEqual({ current: [], previous: [] });
    expect(await contacts()).toEqual([]);
    const [cutOff] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.changeId, changeId), eq(auditEvents.type, "change.cut-off")));
    expect(cutOff!.detail).toEqual({ registrationsRemoved: 2 });

    expect(await cancelPasswordChange({ ...signedIn, customerId: suite.demo1, changeId, meta, now: at })).toEqual({
      kind: "emergency",
    });
    expect(await staged()).toEqual([hashOf("k7m2x9qa")]);
    expect((await changeRow(changeId)).status).toBe("pending");

    // A routine change made while the line is cut off is an emergency change too: no password works until it is
    // reflected either.
    const later = (await request("routine", "k7m2x9qa", "q8w3n5zt", new Date(at.getTime() + 60_000))) as {
      changeId: string;
    };
    expect(await changeRow(later.changeId)).toMatchObject({ switchMode: "emergency", graceUntil: null });
    expect((await changeRow(changeId)).status).toBe("superseded");

    expect(await applyDueChanges(reflectionTime("b2bua", new Date(at.getTime() + 60_000)).at)).toMatchObject({
      reflected: 1,
    });
    expect(await accepted()).toEqual({ current: [hashOf("q8w3n5zt")], previous: [] });
    // Reflected: a routine change is routine again, with the password it verifies.
    const third = (await request("routine", "q8w3n5zt", "m4r7t2wx", new Date(at.getTime() + 2 * HOUR))) as {
      changeId: string;
    };
    expect((await changeRow(third.changeId)).switchMode).toBe("routine");
  });

  it("routine: a cancel takes the staged password back with the change", async () => {
    const { changeId } = (await request("routine")) as { changeId: string };
    expect(await staged()).toEqual([hashOf("k7m2x9qa")]);
    expect(
      await cancelPasswordChange({ ...signedIn, customerId: suite.demo1, changeId, meta, now: new Date() }),
    ).toEqual({
      kind: "cancelled",
    });
    expect(await staged()).toEqual([]);
    expect(await accepted()).toEqual({ current: [hashOf("pass5678")], previous: [] });
  });

  it("emergency: the registrar's role can find nothing of a cut-off line, and a failed emergency change keeps it cut off", async () => {
    await request("emergency");
    const [credential] = await db().select().from(sipCredentials).where(eq(sipCredentials.username, NUMBER));
    expect(credential).toMatchObject({ previousHa1: null, previousUntil: null });
    expect(credential!.suspendedAt).not.toBeNull();
    // The hashes stay in the table (a reflection overwrites them), but no view offers them.
    expect((await accepted()).current).toEqual([]);
  });

  it.runIf(name === "PostgreSQL")(
    "60 simultaneous emergency changes of one line: one is made, the line is cut off once, and nothing is left half-done",
    async () => {
      await register("sip:desk@192.0.2.10");
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          request("emergency", "pass5678", `k7m2x9q${String.fromCharCode(97 + (i % 26))}`),
        ),
      );
      const made = results.filter((result) => result.ok);
      expect(made).toHaveLength(1);
      const pending = await db().select().from(passwordChanges).where(eq(passwordChanges.status, "pending"));
      expect(pending).toHaveLength(1);
      expect(pending[0]!.switchMode).toBe("emergency");
      const cutOffs = await db().select().from(auditEvents).where(eq(auditEvents.type, "change.cut-off"));
      expect(cutOffs).toHaveLength(1);
      expect(await accepted()).toEqual({ current: [], previous: [] });
      expect(await contacts()).toEqual([]);
    },
  );
});
