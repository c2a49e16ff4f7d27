import { signedIn } from "@/test/action-context";
import { randomUUID } from "node:crypto";
import { eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, customers, mailQueue, passwordChanges, rateLimits, sipCredentials } from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { requestPasswordChange } from "./password-change";
import { digestHashes } from "../registrar/kamailio";
import { defaultProvisioner, type Provisioner } from "../registrar/provisioning";
import { ProvisioningError } from "../registrar/provisioning-failure";
import { applyDueChanges } from "./reflection-job";
import { FAILED_SECRET_RETENTION_MS, runScheduledWork } from "../server/scheduled-work";
import { reopenFailedChange } from "@/db/queries/reflection";
import { sql } from "drizzle-orm";

const meta = { ip: "203.0.113.10", userAgent: "vitest" };
const at14 = new Date("2026-11-24T05:00:00Z"); // 14:00 JST → B2BUA reflected at 17:30 JST (08:30Z)
const due = new Date("2026-11-24T08:30:00Z");

describe.each(testTargets())("reflection job on $name", ({ open }) => {
  const suite = demoDatabase({ open, clear: [mailQueue, sipCredentials, auditEvents, passwordChanges, rateLimits] });

  const change = (number: string, current: string, next: string, at = at14) =>
    requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: {
        number,
        currentPassword: current,
        newPassword: next,
        confirmPassword: next,
        switchMode: "routine",
        requestToken: randomUUID(),
      },
      meta,
      now: at,
    });
  const statusOf = async (id: string) =>
    (await suite.database.db.select().from(passwordChanges).where(eq(passwordChanges.id, id)))[0]!;

  it("applies a change at its reflection time, not a second before", async () => {
    const result = await change("05087654321", "pass5678", "k7m2x9qa");
    const id = (result as { changeId: string }).changeId;
    expect(await applyDueChanges(new Date(due.getTime() - 1))).toMatchObject({ reflected: 0 });
    expect((await statusOf(id)).status).toBe("pending");

    expect(await applyDueChanges(due)).toMatchObject({ reflected: 1, failed: 0 });
    const applied = await statusOf(id);
    expect(applied).toMatchObject({ status: "reflected", appliedAt: due, secretCiphertext: null });
    const [credential] = await suite.database.db
      .select()
      .from(sipCredentials)
      .where(isNotNull(sipCredentials.changeId));
    expect(credential).toMatchObject({
      username: "05087654321",
      domain: "sip.example.jp",
      changeId: id,
      ...digestHashes({
        username: "05087654321",
        domain: "sip.example.jp",
        realm: "sip.example.jp",
        password: "k7m2x9qa",
      }),
    });
    expect(await applyDueChanges(new Date(due.getTime() + 60_000))).toMatchObject({ reflected: 0 });
  });

  it("applies each change exactly once when two runs race", async () => {
    const numbers: [string, string][] = [
      ["05087654321", "pass5678"],
      ["05012345678", "abcd1234"],
    ];
    for (const [number, current] of numbers) await change(number, current, "k7m2x9qa");
    const runs = await Promise.all([applyDueChanges(due, { batchSize: 1 }), applyDueChanges(due, { batchSize: 1 })]);
    expect(runs[0]!.reflected + runs[1]!.reflected).toBe(2);
    const reflectedEvents = await suite.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.type, "change.reflected"));
    expect(reflectedEvents).toHaveLength(2);
    expect(new Set(reflectedEvents.map((event) => event.changeId)).size).toBe(2);
    expect(
      await suite.database.db.select().from(sipCredentials).where(isNotNull(sipCredentials.changeId)),
    ).toHaveLength(2);
  });

  it("applies the rest of a batch when the call-control system refuses one change", async () => {
    const good = (await change("05087654321", "pass5678", "k7m2x9qa")) as { changeId: string };
    const bad = (await change("05012345678", "abcd1234", "q4w8e2r6")) as { changeId: string };
    const real = defaultProvisioner();
    const picky: Provisioner = {
      ...real,
      async apply(tx, credentials) {
        if (credentials.some((credential) => credential.number === "05012345678"))
          throw new ProvisioningError("registrar refused 05012345678");
        await real.apply(tx, credentials);
      },
    };
    expect(await applyDueChanges(due, { provisioner: picky })).toMatchObject({ reflected: 1, retrying: 1 });
    expect((await statusOf(good.changeId)).status).toBe("reflected");
    expect(await statusOf(bad.changeId)).toMatchObject({
      status: "pending",
      attempts: 1,
      failureReason: "registrar refused 05012345678",
    });
    const credentials = await suite.database.db.select().from(sipCredentials).where(isNotNull(sipCredentials.changeId));
    expect(credentials.map((credential) => credential.username)).toEqual(["05087654321"]);
  });

  it("fails a change whose sealed secret was tampered with, and applies the others", async () => {
    const good = (await change("05087654321", "pass5678", "k7m2x9qa")) as { changeId: string };
    const moved = (await change("05012345678", "abcd1234", "q4w8e2r6")) as { changeId: string };
    // A ciphertext copied from another row: its authenticated context (change id, number) no longer matches.
    const [source] = await suite.database.db
      .select()
      .from(passwordChanges)
      .where(eq(passwordChanges.id, good.changeId));
    await suite.database.db
      .update(passwordChanges)
      .set({ secretCiphertext: source!.secretCiphertext })
      .where(eq(passwordChanges.id, moved.changeId));
    expect(await applyDueChanges(due)).toMatchObject({ reflected: 1, retrying: 1 });
    expect((await statusOf(good.changeId)).status).toBe("reflected");
    expect((await statusOf(moved.changeId)).status).toBe("pending");
  });

  it("retries a failing change on later runs, then marks it failed and keeps the secret", async () => {
    const result = await change("05087654321", "pass5678", "k7m2x9qa");
    const id = (result as { changeId: string }).changeId;
    const broken = {
      ...defaultProvisioner(),
      apply: async () => {
        throw new ProvisioningError("registrar unreachable");
      },
    };
    expect(await applyDueChanges(due, { provisioner: broken })).toMatchObject({ retrying: 1, failed: 0 });
    expect(await statusOf(id)).toMatchObject({
      status: "pending",
      attempts: 1,
      failureReason: "registrar unreachable",
    });
    await applyDueChanges(due, { provisioner: broken });
    expect(await applyDueChanges(due, { provisioner: broken })).toMatchObject({ failed: 1 });
    const failed = await statusOf(id);
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.secretCiphertext).not.toBeNull();
    expect(
      await suite.database.db.select().from(sipCredentials).where(isNotNull(sipCredentials.changeId)),
    ).toHaveLength(0);
  });

  const failThreeTimes = async (id: string, provisioner: Provisioner) => {
    for (let run = 0; run < 3; run++) await applyDueChanges(due, { provisioner });
    expect((await statusOf(id)).status).toBe("failed");
  };
  const admin = { customerId: "", ip: "203.0.113.11", userAgent: "vitest" };

  it("stores the database's code and message for a refused write, never the statement or its parameters", async () => {
    const { changeId } = (await change("05087654321", "pass5678", "k7m2x9qa")) as { changeId: string };
    const refusing: Provisioner = {
      ...defaultProvisioner(),
      async apply(tx, credentials) {
        await defaultProvisioner().apply(tx, credentials);
        await tx.execute(
          sql`select 1 / (count(*) - count(*)) from sip_credentials where ha1 = ${"939e7578ed9e3c518a452acee763bce9"}`,
        );
      },
    };
    await applyDueChanges(due, { provisioner: refusing });
    const { failureReason } = await statusOf(changeId);
    expect(failureReason).toBe("22012: division by zero");
    const trail = JSON.stringify(
      await suite.database.db.select().from(auditEvents).where(eq(auditEvents.changeId, changeId)),
    );
    expect(trail).not.toMatch(/select|939e75|params/);
  });

  it("retries a transient failure without using up an attempt", async () => {
    const { changeId } = (await change("05087654321", "pass5678", "k7m2x9qa")) as { changeId: string };
    const busy: Provisioner = {
      ...defaultProvisioner(),
      apply: async () => {
        throw Object.assign(new Error("could not serialize access"), { code: "40001" });
      },
    };
    for (let run = 0; run < 5; run++) await applyDueChanges(due, { provisioner: busy });
    expect(await statusOf(changeId)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await applyDueChanges(due)).toMatchObject({ reflected: 1 });
  });

  it("lets an admin retry a failed change once its cause is gone, audited", async () => {
    const { changeId } = (await change("05087654321", "pass5678", "k7m2x9qa")) as { changeId: string };
    await failThreeTimes(changeId, {
      ...defaultProvisioner(),
      apply: async () => {
        throw new ProvisioningError("registrar refused");
      },
    });
    const [adminRow] = await suite.database.db.select().from(customers).where(eq(customers.selfCareId, "admin0001"));
    const by = { ...admin, customerId: adminRow!.id };
    expect(await reopenFailedChange(changeId, by)).toBe("reopened");
    expect(await reopenFailedChange(changeId, by)).toBe("not-failed");
    expect(await applyDueChanges(due)).toMatchObject({ reflected: 1 });
    expect(await statusOf(changeId)).toMatchObject({
      status: "reflected",
      secretCiphertext: null,
      failureReason: null,
    });
    const retries = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "admin.retry"));
    expect(retries).toMatchObject([{ changeId, customerId: adminRow!.id }]);
  });

  it("refuses to retry a failed change that a later change of the line would be overwritten by", async () => {
    const first = (await change("05087654321", "pass5678", "k7m2x9qa")) as { changeId: string };
    await failThreeTimes(first.changeId, {
      ...defaultProvisioner(),
      apply: async () => {
        throw new ProvisioningError("registrar refused");
      },
    });
    await change("05087654321", "k7m2x9qa", "q8w3n5zt", new Date(due.getTime() + 60_000));
    expect(await reopenFailedChange(first.changeId, admin)).toBe("superseded");
  });

  it("wipes a failed change's secret after the retention period; it can no longer be retried", async () => {
    const { changeId } = (await change("05087654321", "pass5678", "k7m2x9qa")) as { changeId: string };
    await failThreeTimes(changeId, {
      ...defaultProvisioner(),
      apply: async () => {
        throw new ProvisioningError("registrar refused");
      },
    });
    const justBefore = new Date(due.getTime() + FAILED_SECRET_RETENTION_MS - 60_000);
    expect(await runScheduledWork(justBefore)).toMatchObject({ wipedSecrets: 0 });
    const after = new Date(due.getTime() + FAILED_SECRET_RETENTION_MS + 60_000);
    expect(await runScheduledWork(after)).toMatchObject({ wipedSecrets: 1 });
    expect((await statusOf(changeId)).secretCiphertext).toBeNull();
    expect(await reopenFailedChange(changeId, admin)).toBe("secret-wiped");
  });
});
