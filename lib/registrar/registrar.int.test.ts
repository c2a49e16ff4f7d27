// The portal against the registrar's tables: which registration proves a reflected password, the one reminder, the
// admin filter, the job's failure path on the real sip_credentials table, and (PostgreSQL) the registrar's grants.
import { signedIn } from "@/test/action-context";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listChanges } from "@/db/queries/admin-changes";
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
import { requestPasswordChange } from "../changes/password-change";
import { applyDueChanges } from "../changes/reflection-job";
import { sendRegistrationReminders } from "./reminders";

// What a deployment with a registrar sets; env() reads it on first use, after this line.
process.env.REGISTRATION_CHECK = "on";
process.env.REGISTRATION_REMINDER_MINUTES = "60";

const meta = { ip: "203.0.113.10", userAgent: "vitest" };
const at14 = new Date("2026-11-24T05:00:00Z"); // 14:00 JST → B2BUA reflected at 17:30 JST (08:30Z)
const due = new Date("2026-11-24T08:30:00Z");
const minutes = (count: number) => new Date(due.getTime() + count * 60_000);
const NUMBER = "05087654321";

/** Kamailio's way of writing a time: UTC (the registrar runs with TZ=UTC), whole seconds, no zone. */
const kamailioTime = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");

describe.each(testTargets())("the registrar's tables on $name", ({ name, open }) => {
  const suite = demoDatabase({
    open,
    clear: [kamailioLocations, sipCredentials, auditEvents, outboxEmails, mailQueue, passwordChanges, rateLimits],
  });

  const changeAndReflect = async (current = "pass5678", next = "k7m2x9qa", at = at14, reflectAt = due) => {
    const result = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: {
        number: NUMBER,
        currentPassword: current,
        newPassword: next,
        confirmPassword: next,
        switchMode: "routine",
        requestToken: randomUUID(),
      },
      meta,
      now: at,
    });
    const id = (result as { changeId: string }).changeId;
    expect(await applyDueChanges(reflectAt)).toMatchObject({ reflected: 1 });
    return id;
  };
  const writtenAt = async () =>
    (await suite.database.db.select().from(sipCredentials).where(eq(sipCredentials.username, NUMBER)))[0]!.updatedAt;
  const register = (at: Date, userAgent = "Yealink SIP-T46S") =>
    suite.database.db.insert(kamailioLocations).values({
      ruid: randomUUID(),
      username: NUMBER,
      domain: "sip.example.jp",
      contact: `sip:${NUMBER}@192.0.2.10:5060`,
      lastModified: kamailioTime(at),
      userAgent,
    });
  const reminders = async () =>
    (await suite.database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "demo0001@example.jp"))).filter(
      (mail) => mail.subject.includes("機器の設定をご確認ください"),
    );

  it("counts only a registration the registrar accepted after the new password was written", async () => {
    const id = await changeAndReflect();
    const written = await writtenAt();
    // The device registered with the old password before the reflection: that proves nothing.
    await register(new Date(written.getTime() - 5_000), "old-registration");
    // So did one in the same second as the write: it may have come just before it.
    await register(new Date(written.getTime()), "same-second");
    expect((await registrationsProving([id])).get(id)).toBeNull();

    await register(new Date(written.getTime() + 2_000));
    const proof = (await registrationsProving([id])).get(id);
    expect(proof).toMatchObject({ userAgent: "Yealink SIP-T46S" });
    expect(Math.abs(proof!.at.getTime() - (Math.floor(written.getTime() / 1000) * 1000 + 2_000))).toBeLessThan(1000);
  });

  it("reminds the customer once, an hour after the reflection, when no device has registered", async () => {
    const id = await changeAndReflect();
    expect(await sendRegistrationReminders(minutes(59))).toBe(0);
    // Five runs at once (cron, a preview's page views, an admin's button): one reminder.
    const runs = await Promise.all(Array.from({ length: 5 }, () => sendRegistrationReminders(minutes(60))));
    expect(runs.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await sendRegistrationReminders(minutes(120))).toBe(0);
    const mails = await reminders();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(NUMBER);
    expect(mails[0]!.text).toContain("2026年11月24日 17:30");
    const [row] = await suite.database.db.select().from(passwordChanges).where(eq(passwordChanges.id, id));
    expect(row!.registrationRemindedAt).toEqual(minutes(60));
    const audit = await suite.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.changeId, id), eq(auditEvents.type, "change.registration-reminded")));
    expect(audit).toHaveLength(1);
  });

  it("does not remind a customer whose device came back, nor about a password a later change replaced", async () => {
    const first = await changeAndReflect();
    // The first password was written an hour ago (real time), and the device came back a minute after that.
    await suite.database.db.execute(sql`update sip_credentials set updated_at = updated_at - interval '1 hour'`);
    await register(new Date((await writtenAt()).getTime() + 60_000));
    expect(await sendRegistrationReminders(minutes(90))).toBe(0);

    // A second change, reflected at 18:30 JST: the first change's password is no longer the line's, and the
    // device's registration (from before this write) proves nothing about the new one.
    const second = await changeAndReflect("k7m2x9qa", "q8w3n5zt", minutes(1), minutes(60));
    const proofs = await registrationsProving([first, second]);
    expect(proofs.has(first)).toBe(false);
    expect(proofs.get(second)).toBeNull();
    expect(await sendRegistrationReminders(minutes(119))).toBe(0);
    expect(await sendRegistrationReminders(minutes(120))).toBe(1);
    const [reminded] = await suite.database.db.select().from(passwordChanges).where(eq(passwordChanges.id, second));
    expect(reminded!.registrationRemindedAt).toEqual(minutes(120));
    expect(await reminders()).toHaveLength(1);
  });

  it("lists reflected changes awaiting a device for the admin filter", async () => {
    const id = await changeAndReflect();
    const filter = { status: "reflected" as const, awaitingRegistration: true };
    expect((await listChanges(filter, undefined, 10)).map((row) => row.id)).toEqual([id]);
    await register(new Date((await writtenAt()).getTime() + 2_000));
    expect(await listChanges(filter, undefined, 10)).toEqual([]);
    expect((await listChanges({ status: "reflected" }, undefined, 10)).map((row) => row.id)).toEqual([id]);
  });

  it("retries a change whose write the real sip_credentials table refuses, and applies it once the cause is gone", async () => {
    const result = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: {
        number: NUMBER,
        currentPassword: "pass5678",
        newPassword: "k7m2x9qa",
        confirmPassword: "k7m2x9qa",
        switchMode: "routine",
        requestToken: randomUUID(),
      },
      meta,
      now: at14,
    });
    const id = (result as { changeId: string }).changeId;
    await suite.database.db.execute(
      sql`alter table sip_credentials add constraint registrar_maintenance check (ha1 = '') not valid`,
    );
    try {
      expect(await applyDueChanges(due)).toMatchObject({ reflected: 0, retrying: 1 });
      const [row] = await suite.database.db.select().from(passwordChanges).where(eq(passwordChanges.id, id));
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row!.failureReason).toContain("23514");
      // The registrar still has the old password: nothing was half-written.
      const [credential] = await suite.database.db
        .select()
        .from(sipCredentials)
        .where(eq(sipCredentials.username, NUMBER));
      expect(credential!.changeId).toBeNull();
    } finally {
      await suite.database.db.execute(sql`alter table sip_credentials drop constraint registrar_maintenance`);
    }
    expect(await applyDueChanges(minutes(1))).toMatchObject({ reflected: 1 });
    const [credential] = await suite.database.db
      .select()
      .from(sipCredentials)
      .where(eq(sipCredentials.username, NUMBER));
    expect(credential!.changeId).toBe(id);
  });

  it.runIf(name === "PostgreSQL")(
    "gives the registrar's role the credential views, the two grace functions and the registrations, nothing else, and no right to create anything",
    async () => {
      // As a cluster made by PostgreSQL 14 or older (or restored from one) has it: anyone may create in public.
      await suite.database.db.execute(sql`grant create on schema public to public`);
      await suite.database.db.execute(sql.raw(fs.readFileSync("deploy/kamailio/grants.sql", "utf8")));
      const asRegistrar = (statement: string) =>
        suite.database.db.transaction(async (tx) => {
          await tx.execute(sql`set local role kamailio_registrar`);
          return tx.execute(sql.raw(statement));
        });
      const refused = async (statement: string) => {
        const error = await asRegistrar(statement).then(
          () => null,
          (reason: unknown) => reason,
        );
        expect(JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})) + String(error)).toMatch(
          /42501|permission denied/,
        );
      };

      await asRegistrar(
        "select ha1, ha1b, previous_ha1, previous_ha1b, retired_ha1, retired_ha1b, early_ha1, early_ha1b from sip_line_credentials",
      );
      await asRegistrar("select username, domain, ha1, ha1b from sip_previous_credentials");
      await asRegistrar("select number from sip_numbers");
      await asRegistrar("select table_name, table_version from version");
      await asRegistrar(`select sip_end_grace('${NUMBER}', 'sip.example.jp')`);
      await asRegistrar(`select sip_forget_stale_registrations('${NUMBER}', 'sip.example.jp')`);
      const hex = (text: string) => Buffer.from(text).toString("hex");
      await asRegistrar(
        `select sip_record_failure('${hex(NUMBER)}', '${hex("192.0.2.9")}', 5060, '', '${hex("wrong")}', 1, ${Math.floor(Date.now() / 60_000)})`,
      );
      await asRegistrar("select key_name, key_type, value_type, key_value, expires from sip_bans_in_force");
      await asRegistrar(
        `insert into location (ruid, username, domain, contact) values ('grant-test', '${NUMBER}', 'sip.example.jp', 'sip:x@192.0.2.1')`,
      );
      await asRegistrar("update location set cseq = 2 where ruid = 'grant-test'");
      await asRegistrar("delete from location where ruid = 'grant-test'");
      // The outbound policy and acc's records (deploy/kamailio/kamailio.cfg): read the policy, stop a line's
      // international calls, add records.
      await asRegistrar("select username, international from sip_outbound_policies");
      await asRegistrar(`select sip_stop_international('${hex(NUMBER)}', 6, 10)`);
      await asRegistrar(
        `insert into acc (method, callid, sip_code, sip_reason, time, caller, dialled, kind) values ('INVITE', 'grant-test', '403', 'Number Not Allowed', now(), '${NUMBER}', '0570123456', 'premium')`,
      );
      await asRegistrar(
        `insert into acc_cdrs (start_time, end_time, duration, callid, caller, dialled, kind, ended) values (now(), now(), 1, 'grant-test', '${NUMBER}', '0312345678', 'domestic', 'bye')`,
      );

      // The views of one password each are not the registrar's: it reads the one row of sip_line_credentials.
      await refused("select ha1 from sip_credentials_in_force");
      await refused("select ha1 from sip_retired_credentials");
      await refused("select ha1 from sip_early_credentials");
      // Never the table of hashes itself: not the suspended ones, not the previous ones after their grace.
      await refused("select ha1 from sip_credentials");
      await refused("update sip_credentials set previous_until = now() + interval '1 year'");
      await refused("update sip_credentials set ha1 = ''");
      await refused("select customer_id from ip_phone_lines");
      // The records and bans only through the function and the view: never read, edited, or a ban lifted.
      await refused("select * from sip_auth_failures");
      await refused("update sip_bans set lifted_at = now()");
      await refused("delete from sip_bans");
      await refused("select sip_text_from_hex('41', 10)");
      await refused("insert into sip_credentials (username, domain, ha1, ha1b) values ('x', 'y', 'z', 'w')");
      await refused("select * from customers");
      await refused("select secret_ciphertext from password_changes");
      await refused("select * from audit_events");
      // The records are only added: never read back, edited or removed (the portal ages them out).
      await refused("select * from acc");
      await refused("update acc set sip_code = '200'");
      await refused("delete from acc");
      await refused("select * from acc_cdrs");
      await refused("delete from acc_cdrs");
      await refused("update ip_phone_lines set international_calling = true");
      await refused("update version set table_version = 0");
      // Nothing of its own in the portal's schema: a function planted there could be run by the portal's queries.
      await refused(
        "create function public.hashtextextended(text, integer) returns bigint language sql as 'select 1::bigint'",
      );
      await refused("create table public.planted (id integer)");
      // The velocity rule's function is the registrar's alone: any other role of the cluster is refused it.
      const [{ anyone }] = (await suite.database.db.execute(
        sql`select has_function_privilege('public', 'sip_stop_international(text, integer, integer)', 'execute') as anyone`,
      )) as unknown as [{ anyone: boolean }];
      expect(anyone).toBe(false);
    },
  );
});
