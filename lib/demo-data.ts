// The demo accounts and lines of docs/architecture.md §6 and the README, written idempotently (re-running resets them to this state).
import type { Db } from "@/db/client";
import type { Role, ServiceKind } from "@/db/enums";
import { countCustomers, upsertAccount } from "@/db/queries/demo";
import { upsertSipCredentials } from "@/db/queries/sip-credentials";
import { env } from "@/lib/env";
import { digestHashes } from "@/lib/registrar/kamailio";
import { hashSecret } from "@/lib/password-hashing";

type DemoAccount = {
  selfCareId: string;
  password: string;
  email: string;
  displayName: string;
  role: Role;
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

/**
 * Each account and its lines at their documented passwords, in the portal and in the call-control system's
 * credentials alike (so a registrar accepts the demo lines' documented SIP passwords until a change is reflected).
 */
export async function seedDemoData(db: Db): Promise<void> {
  const domain = env().sipDomain;
  for (const { password, lines, ...account } of demoAccounts) {
    await upsertAccount(
      db,
      { ...account, passwordHash: await hashSecret(password) },
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
        ...digestHashes({ username: number, domain, realm: domain, password: sipPassword }),
      })),
    );
  }
}

/** The embedded database's first start: a newcomer finds the demo accounts without running the seed. */
export async function seedIfEmpty(db: Db): Promise<void> {
  if ((await countCustomers(db)) === 0) await seedDemoData(db);
}
