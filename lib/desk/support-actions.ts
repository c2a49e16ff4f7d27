// What the support desk does to a customer's account (/admin/customers/[id]): each step is the one place it is done,
// audited with the operator (`operatorId`), their reason and ticket (lib/validation/operator-reason.ts). The console's
// guard (requireOperatorNow with the step's action) runs before any of them.
import { recordAudit, auditInsert } from "@/db/queries/audit";
import { clearLockWindows, replaceEmail } from "@/db/queries/customer-desk";
import { bansOn, liftBan } from "@/db/queries/line-activity";
import { endEverySession } from "@/lib/auth/end-sessions";
import { maskEmail } from "@/lib/auth/mask-email";
import { removeAllPasskeys } from "@/lib/auth/passkey-flows";
import type { RequestMeta } from "@/lib/http/request-meta";
import { type Mail, queueMail } from "@/lib/mail/queue";
import { reissueLetter } from "@/lib/provisioning/reissue";
import type { OperatorReason } from "@/lib/validation/operator-reason";
import { accountLockKeys, accountLocks } from "./account-locks";

/** Who acts, why, from where and when: every step's first argument after the customer. */
export type Accountability = {
  operator: { id: string; name: string };
  why: OperatorReason;
  meta: RequestMeta;
  now: Date;
};

type Customer = { id: string; selfCareId: string; displayName: string; email: string };

/** The operator and the reason as every step's audit row carries them. */
function stampOf({ operator, why }: Accountability) {
  return {
    operatorId: operator.id,
    detail: { operator: operator.name, reason: why.reason, ...(why.ticket ? { ticket: why.ticket } : {}) },
  };
}

/**
 * Opening a page with a customer's personal data (their page, one of their changes, one of their lines): who looked
 * at whose, every time, and where.
 */
export async function recordCustomerView(
  customerId: string,
  act: Omit<Accountability, "why">,
  page: "customer" | "change" | "line" = "customer",
): Promise<void> {
  await recordAudit({
    ...act.meta,
    type: "operator.viewed-customer",
    customerId,
    operatorId: act.operator.id,
    detail: { operator: act.operator.name, ...(page === "customer" ? {} : { page }) },
  });
}

/** Every lockout window of the customer emptied; answers how many held any failures. */
export async function unlockAccount(customer: Customer, act: Accountability): Promise<number> {
  const { locks } = await accountLocks(customer, act.now);
  const cleared = locks.filter((lock) => lock.count > 0).length;
  const { operatorId, detail } = stampOf(act);
  await clearLockWindows(accountLockKeys(customer), {
    ...act.meta,
    type: "operator.unlocked",
    customerId: customer.id,
    operatorId,
    detail: { ...detail, cleared },
  });
  return cleared;
}

/** Every session ended (the version bump), with the passkeys added in the last day; answers how many went. */
export async function endCustomerSessions(customer: Customer, act: Accountability): Promise<number> {
  const removed = await endEverySession({ customer, cause: "signed-out-by-admin", meta: act.meta, now: act.now });
  await recordAudit({ ...act.meta, type: "admin.force-signout", customerId: customer.id, ...stampOf(act) });
  return removed;
}

/** Every passkey removed (a lost device); the customer is mailed. Answers how many. */
export const removeCustomerPasskeys = (customer: Customer, act: Accountability) =>
  removeAllPasskeys({ customer, stamp: stampOf(act), meta: act.meta, now: act.now });

/** A new initial password and letter (waiting at /admin/letters); the old password and every session end. */
export const reissueCustomerLetter = (customer: Customer, act: Accountability) =>
  reissueLetter({
    selfCareId: customer.selfCareId,
    actor: { kind: "admin", adminId: act.operator.id, operator: act.operator.name, ...act.why },
    meta: act.meta,
    now: act.now,
  });

/**
 * The registered email replaced; the old address and the new one are both told (queued with the change). Answers
 * false when nothing changed (the same address, or the customer is gone).
 */
export async function changeCustomerEmail(customer: Customer, email: string, act: Accountability): Promise<boolean> {
  const { operatorId, detail } = stampOf(act);
  const props = { name: customer.displayName, changedAt: act.now };
  const old = await replaceEmail({
    customerId: customer.id,
    email,
    alongside: (tx, previous) => [
      queueMail(
        tx,
        [
          {
            template: "email-changed-old",
            to: previous,
            props: { ...props, maskedNewEmail: maskEmail(email) },
            customerId: customer.id,
          },
          { template: "email-changed-new", to: email, props, customerId: customer.id },
        ] satisfies Mail[],
        act.now,
      ),
      auditInsert(tx, [
        {
          ...act.meta,
          type: "operator.email-changed",
          customerId: customer.id,
          operatorId,
          detail: { ...detail, from: maskEmail(previous), to: maskEmail(email) },
        },
      ]),
    ],
  });
  return old !== undefined;
}

/**
 * A registrar ban that touches one of the customer's lines lifted (another customer's ban is not theirs to lift
 * here). Answers false when it had ended or was not theirs.
 */
export async function liftCustomerBan(numbers: string[], banId: number, act: Accountability & { customerId: string }) {
  // A pair ban on one of their lines only: a source's ban over every line (a scanner) is not one customer's to lift.
  const theirs = (await bansOn(numbers)).some((ban) => ban.id === banId && ban.number !== null);
  const lifted = theirs ? await liftBan({ id: banId, by: act.operator.id }) : undefined;
  if (!lifted) return false;
  const { operatorId, detail } = stampOf(act);
  await recordAudit({
    ...act.meta,
    type: "admin.ban-lifted",
    customerId: act.customerId,
    operatorId,
    detail: { ...detail, address: lifted.address, ...(lifted.number ? { number: lifted.number } : {}) },
  });
  return true;
}
