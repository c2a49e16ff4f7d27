// The demo accounts and lines of DESIGN.md §6, written idempotently (re-running resets them to this state).
import { sql } from "drizzle-orm";
import { hashSecret } from "../lib/passwords";
import type { ServiceKind } from "../lib/reflection";
import type { Db } from "./client";
import { customers, ipPhoneLines } from "./schema";

type DemoAccount = {
  selfCareId: string;
  password: string;
  email: string;
  displayName: string;
  role: "customer" | "admin";
  lines: { number: string; serviceKind: ServiceKind; sipPassword: string }[];
};

export const demoAccounts: DemoAccount[] = [
  {
    selfCareId: "demo0001",
    password: "Demo-pass-0001",
    email: "demo0001@example.jp",
    displayName: "デモ 一郎",
    role: "customer",
    lines: [
      { number: "05012345678", serviceKind: "ip-phone", sipPassword: "abcd1234" },
      { number: "05087654321", serviceKind: "b2bua", sipPassword: "pass5678" },
    ],
  },
  {
    selfCareId: "demo0002",
    password: "Demo-pass-0002",
    email: "demo0002@example.jp",
    displayName: "デモ 二郎",
    role: "customer",
    lines: [{ number: "05011112222", serviceKind: "b2bua-opengate", sipPassword: "open2222" }],
  },
  {
    selfCareId: "admin0001",
    password: "Admin-pass-0001",
    email: "admin0001@example.jp",
    displayName: "管理者 一号",
    role: "admin",
    lines: [],
  },
];

export async function seedDemoData(db: Db): Promise<void> {
  for (const account of demoAccounts) {
    const values = {
      selfCareId: account.selfCareId,
      passwordHash: await hashSecret(account.password),
      email: account.email,
      displayName: account.displayName,
      role: account.role,
    };
    const [customer] = await db
      .insert(customers)
      .values(values)
      .onConflictDoUpdate({
        target: customers.selfCareId,
        set: { ...values, sessionVersion: sql`${customers.sessionVersion} + 1` },
      })
      .returning({ id: customers.id });
    for (const line of account.lines) {
      const lineValues = {
        number: line.number,
        customerId: customer!.id,
        serviceKind: line.serviceKind,
        sipPasswordHash: await hashSecret(line.sipPassword),
      };
      await db
        .insert(ipPhoneLines)
        .values(lineValues)
        .onConflictDoUpdate({ target: ipPhoneLines.number, set: lineValues });
    }
  }
}

/** Empties every table (demo and test resets only; the seed CLI refuses production). */
export async function truncateAll(db: Db): Promise<void> {
  await db.execute(
    sql`truncate table sip_credentials, audit_events, outbox_emails, rate_limits, otp_challenges, password_changes, ip_phone_lines, customers restart identity cascade`,
  );
}
