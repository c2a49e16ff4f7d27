import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDatabaseForTests } from "@/db";
import type { Database } from "@/db/client";
import { auditEvents, mailQueue, outboxEmails } from "@/db/schema";
import { testTargets } from "@/test/databases";
import { deliverQueuedMail, queueMail, type Mail } from "./queue";
import { MailError } from "./types";

/** The development transport, made to fail while `failing` says so. */
const transport = vi.hoisted(() => ({ failing: false, sent: [] as string[] }));
vi.mock("./outbox", async (original) => {
  const real = await original<typeof import("./outbox")>();
  return {
    sendThroughOutbox: async (message: Parameters<typeof real.sendThroughOutbox>[0]) => {
      if (transport.failing) throw new MailError("the transport is down");
      transport.sent.push(message.subject);
      await real.sendThroughOutbox(message);
    },
  };
});

const t0 = new Date("2026-11-24T05:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);
const to = "queue@example.jp";
const cancelled = (number: string): Mail<"change-cancelled"> => ({
  template: "change-cancelled",
  to,
  props: { name: "キュー 太郎", number, cancelledAt: t0 },
  failureType: "change.mail-failed",
});

describe.each(testTargets())("queued mail on $name", ({ open }) => {
  let database: Database;

  beforeAll(async () => {
    database = await open();
    useDatabaseForTests(database.db);
  });
  beforeEach(async () => {
    transport.failing = false;
    transport.sent.length = 0;
    await database.db.delete(mailQueue);
    await database.db.delete(outboxEmails);
    await database.db.delete(auditEvents);
  });
  afterAll(async () => {
    await database.close();
  });

  it("seals the props until the mail goes out, then wipes them", async () => {
    await queueMail(
      database.db,
      [{ template: "login-code", to, props: { name: "キュー 太郎", code: "493817", expiresAt: later(600_000) } }],
      t0,
    );
    const [waiting] = await database.db.select().from(mailQueue);
    expect(waiting!.sealedProps).not.toContain("493817");
    expect(await deliverQueuedMail(t0)).toEqual({ sent: 1, failed: 0 });
    const [mail] = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, to));
    expect(mail!.text).toContain("493817");
    // Rendered once, with the date the template was given (Japan time).
    expect(mail!.text).toContain("2026年11月24日 14:10");
    const [sent] = await database.db.select().from(mailQueue);
    expect(sent).toMatchObject({ sealedProps: null, attempts: 1 });
    expect(sent!.sentAt).toEqual(t0);
  });

  it("retries a failed mail after a minute, audits each failure, and keeps the recipient's later mail behind it", async () => {
    await queueMail(database.db, [cancelled("05011112222")], t0);
    await queueMail(database.db, [cancelled("05033334444")], later(1000));
    transport.failing = true;
    expect(await deliverQueuedMail(later(2000))).toEqual({ sent: 0, failed: 1 });
    const failures = await database.db.select().from(auditEvents).where(eq(auditEvents.type, "change.mail-failed"));
    expect(failures).toMatchObject([{ detail: { attempt: 1, retrying: true } }]);
    transport.failing = false;
    // Not yet due again, and the second mail waits behind the first: nothing goes out of order.
    expect(await deliverQueuedMail(later(30_000))).toEqual({ sent: 0, failed: 0 });
    expect(await deliverQueuedMail(later(63_000))).toEqual({ sent: 2, failed: 0 });
    expect(transport.sent).toHaveLength(2);
    const mails = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, to));
    const order = mails.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((mail) => mail.text);
    expect(order[0]).toContain("05011112222");
    expect(order[1]).toContain("05033334444");
  });

  it("gives a mail up after its last retry, or once it has expired, and lets the next one go", async () => {
    await queueMail(database.db, [cancelled("05011112222")], t0);
    transport.failing = true;
    let at = t0.getTime();
    for (const wait of [0, 60_000, 5 * 60_000, 15 * 60_000]) {
      at += wait + 1000;
      expect(await deliverQueuedMail(new Date(at))).toEqual({ sent: 0, failed: 1 });
    }
    const [given] = await database.db.select().from(mailQueue);
    expect(given).toMatchObject({ attempts: 4, sealedProps: null });
    expect(given!.failedAt).not.toBeNull();
    expect(await deliverQueuedMail(new Date(at + 60 * 60_000))).toEqual({ sent: 0, failed: 0 });

    // A code mail is not worth sending once its code has expired: given up at its first try after that.
    transport.failing = false;
    await queueMail(
      database.db,
      [{ template: "login-code", to, props: { name: "太郎", code: "111111", expiresAt: t0 }, expiresAt: t0 }],
      t0,
    );
    await queueMail(database.db, [cancelled("05033334444")], t0);
    expect(await deliverQueuedMail(later(1000))).toEqual({ sent: 1, failed: 1 });
    expect(transport.sent).toHaveLength(1);
  });

  it("sends each of 30 mails exactly once however many deliveries run at once", async () => {
    await queueMail(
      database.db,
      Array.from({ length: 30 }, (_, i) => ({
        ...cancelled(`0501111${String(i).padStart(4, "0")}`),
        to: `q${i % 3}@example.jp`,
      })),
      t0,
    );
    const runs = await Promise.all(Array.from({ length: 6 }, () => deliverQueuedMail(later(1000))));
    // A run stops at its share; whatever is left goes on the next.
    const rest = await deliverQueuedMail(later(2000));
    expect(runs.reduce((sum, run) => sum + run.sent, rest.sent)).toBe(30);
    expect(transport.sent).toHaveLength(30);
    expect(await database.db.select().from(outboxEmails)).toHaveLength(30);
  });
});
