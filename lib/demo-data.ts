// The demo accounts and lines of docs/architecture.md §6 and the README, written idempotently (re-running resets them to this state).
import type { Db } from "@/db/client";
import type { Role, ServiceKind } from "@/db/enums";
import { countCustomers, markPurpose, readContents, upsertAccount } from "@/db/queries/demo";
import { upsertSipCredentials } from "@/db/queries/sip-credentials";
import { env } from "@/lib/env";
import { seedDemoCalls } from "@/lib/demo-calls";
import { digestHashes } from "@/lib/registrar/kamailio";
import { hashSecret } from "@/lib/password-hashing";

type DemoAccount = {
  selfCareId: string;
  password: string;
  email: string;
  displayName: string;
  role: Role;
  /** Operators: the emailed code allowed instead of a passkey, so demos and tests need no authenticator. */
  codeFallback?: boolean;
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
    codeFallback: true,
    lines: [],
  },
  {
    // A second admin: a line's end and an import's apply need one who did not ask for it (docs/operations.md).
    selfCareId: "admin0002",
    password: "Admin-pass-0002",
    email: "admin0002@example.jp",
    displayName: "管理者 二号",
    role: "admin",
    codeFallback: true,
    lines: [],
  },
  {
    selfCareId: "support0001",
    password: "Support-pass-0001",
    email: "support0001@example.jp",
    displayName: "サポート 一号",
    role: "support",
    codeFallback: true,
    lines: [],
  },
  {
    selfCareId: "viewer0001",
    password: "Viewer-pass-0001",
    email: "viewer0001@example.jp",
    displayName: "閲覧 一号",
    role: "viewer",
    codeFallback: true,
    lines: [],
  },
];

/**
 * Each account and its lines at their documented passwords, in the portal and in the call-control system's
 * credentials alike (so a registrar accepts the demo lines' documented SIP passwords until a change is reflected).
 */
export async function seedDemoData(db: Db): Promise<void> {
  const domain = env().sipDomain;
  for (const { password, lines, ...account } of demoAccounts) {
    await upsertAccount(
      db,
      {
        ...account,
        codeFallback: account.codeFallback ?? false,
        disabledAt: null,
        passwordHash: await hashSecret(password),
      },
      await Promise.all(
        lines.map(async ({ sipPassword, ...line }) => ({ ...line, sipPasswordHash: await hashSecret(sipPassword) })),
      ),
    );
    await upsertSipCredentials(
      db,
      lines.map(({ number, sipPassword }) => ({
        username: number,
        domain,
        changeId: null,
        previousUntil: null,
        ...digestHashes({ username: number, domain, realm: domain, password: sipPassword }),
      })),
    );
  }
}

const demoSet = {
  selfCareIds: demoAccounts.map((account) => account.selfCareId),
  numbers: demoAccounts.flatMap((account) => account.lines.map((line) => line.number)),
};

/**
 * Why the demo accounts (whose passwords are public) must not go into, or a preview must not serve, this database; or
 * null. A database marked as production's (a branch of it keeps the mark), or holding any customer, line or change
 * outside the demo set, is never a demo database. A preview also needs the mark its build's seed writes.
 */
export async function demoRefusal(db: Db, { forPreview }: { forPreview: boolean }): Promise<string | null> {
  const { purpose, foreign } = await readContents(db, demoSet);
  if (purpose === "production") return "the database is marked as production's, and so is every copy or branch of it";
  const found = [
    foreign.customers > 0 && `${foreign.customers} customer(s)`,
    foreign.lines > 0 && `${foreign.lines} line(s)`,
    foreign.changes > 0 && `${foreign.changes} change(s)`,
  ].filter(Boolean);
  if (found.length > 0) return `the database holds ${found.join(", ")} outside the demo set`;
  if (forPreview && purpose !== "demo")
    return "the database is not marked as a demo database (its build's seed marks it)";
  return null;
}

export class DemoDataRefused extends Error {
  override name = "DemoDataRefused";
}

/**
 * The demo accounts, only into a database holding demo data or nothing, which is marked as a demo database first; and
 * the demo lines' calls, up to `now` (the seed CLI and the first start are the edges that read the clock).
 */
export async function seedDemoDatabase(db: Db, now = new Date()): Promise<void> {
  const refusal = await demoRefusal(db, { forPreview: false });
  if (refusal) throw new DemoDataRefused(`Refusing to write the demo accounts: ${refusal}. Nothing was changed.`);
  await markPurpose(db, "demo");
  await seedDemoData(db);
  await seedDemoCalls(db, now);
}

/** The embedded database's first start: a newcomer finds the demo accounts without running the seed. */
export async function seedIfEmpty(db: Db): Promise<void> {
  if ((await countCustomers(db)) === 0) await seedDemoDatabase(db);
}
