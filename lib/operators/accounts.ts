// What an admin does to operators' accounts (docs/operations.md, "Roles"): create one, change a role, disable and
// enable, allow or stop the emailed-code fallback. Each change is decided and audited in one transaction, with the
// active admins' rows locked first: the last active admin is never disabled or demoted, however many admins act at
// once. Nobody changes their own account here.
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { OperatorRole } from "@/db/enums";
import { recordAudit } from "@/db/queries/audit";
import { insertOperator, lockActiveAdmins, lockOperator, updateOperator } from "@/db/queries/operators";
import type { RequestMeta } from "@/lib/http/request-meta";
import { hashSecret } from "@/lib/password-hashing";
import { generateInitialPassword } from "@/lib/provisioning/credentials";
import type { NewOperator } from "@/lib/validation/operator";
import type { OperatorReason } from "@/lib/validation/operator-reason";

export type CreatedOperator = { ok: true; id: string; password: string } | { ok: false; reason: "id-taken" };

/**
 * A new operator with a generated initial password (80 bits, shown once to whoever created them, kept as argon2id):
 * enough for the first sign-in with the emailed code, after which an operator without the fallback registers a
 * passkey and signs in with it alone. `by` is none from the command line (the first admin).
 */
export async function createOperator({
  operator,
  by,
  why,
  meta,
  db,
}: {
  operator: NewOperator;
  by: string | null;
  why?: OperatorReason;
  meta?: RequestMeta;
  /** The command line's own database; the app's otherwise. */
  db?: Db;
}): Promise<CreatedOperator> {
  const password = generateInitialPassword();
  const passwordHash = await hashSecret(password);
  const { selfCareId, name, email, role, codeFallback } = operator;
  const id = await (db ?? (await getDb())).transaction(async (tx) => {
    const row = await insertOperator({ selfCareId, displayName: name, email, role, codeFallback, passwordHash }, tx);
    if (!row) return undefined;
    await recordAudit(
      {
        type: "operator.created",
        customerId: row.id,
        operatorId: by,
        ip: meta?.ip,
        userAgent: meta?.userAgent,
        detail: { selfCareId, role, codeFallback, ...(by ? {} : { via: "command-line" }), ...why },
      },
      tx,
    );
    return row.id;
  });
  return id ? { ok: true, id, password } : { ok: false, reason: "id-taken" };
}

export type OperatorChange =
  | { kind: "role"; role: OperatorRole }
  | { kind: "disable" }
  | { kind: "enable" }
  | { kind: "code-fallback"; codeFallback: boolean };

export type OperatorChangeResult =
  | { ok: true; selfCareId: string }
  | { ok: false; reason: "self" | "not-found" | "unchanged" | "last-admin" | "not-admin" };

/**
 * One change to another operator's account, by an admin, with the reason. A role change and disabling lock the
 * active admins' rows first (db/queries/operators.ts lockActiveAdmins) and count them after the wait: the acting admin
 * must still be one of them, and the last of them stays an active admin.
 */
export async function changeOperator({
  targetId,
  change,
  by,
  why,
  meta,
  now,
}: {
  targetId: string;
  change: OperatorChange;
  by: string;
  why: OperatorReason;
  meta: RequestMeta;
  now: Date;
}): Promise<OperatorChangeResult> {
  if (targetId === by) return { ok: false, reason: "self" };
  return (await getDb()).transaction(async (tx) => {
    const guarded = change.kind === "role" || change.kind === "disable";
    const admins = guarded ? await lockActiveAdmins(tx) : [];
    if (guarded && !admins.includes(by)) return { ok: false, reason: "not-admin" };
    const target = await lockOperator(tx, targetId);
    if (!target) return { ok: false, reason: "not-found" };
    const activeAdmin = target.role === "admin" && target.disabledAt === null;
    const lastAdmin = activeAdmin && admins.length <= 1;
    const audit = { customerId: target.id, operatorId: by, ip: meta.ip, userAgent: meta.userAgent };
    const detail = { selfCareId: target.selfCareId, ...why };

    switch (change.kind) {
      case "role": {
        if (target.role === change.role) return { ok: false, reason: "unchanged" };
        if (lastAdmin) return { ok: false, reason: "last-admin" };
        await updateOperator(tx, target.id, { role: change.role });
        await recordAudit(
          {
            ...audit,
            type: "operator.role-changed",
            detail: { ...detail, previousRole: target.role, role: change.role },
          },
          tx,
        );
        break;
      }
      case "disable": {
        if (target.disabledAt) return { ok: false, reason: "unchanged" };
        if (lastAdmin) return { ok: false, reason: "last-admin" };
        await updateOperator(tx, target.id, { disabledAt: now });
        await recordAudit({ ...audit, type: "operator.disabled", detail }, tx);
        break;
      }
      case "enable": {
        if (!target.disabledAt) return { ok: false, reason: "unchanged" };
        await updateOperator(tx, target.id, { disabledAt: null });
        await recordAudit({ ...audit, type: "operator.enabled", detail }, tx);
        break;
      }
      case "code-fallback": {
        if (target.codeFallback === change.codeFallback) return { ok: false, reason: "unchanged" };
        await updateOperator(tx, target.id, { codeFallback: change.codeFallback });
        await recordAudit(
          {
            ...audit,
            type: "operator.code-fallback-changed",
            detail: { ...detail, codeFallback: change.codeFallback },
          },
          tx,
        );
        break;
      }
    }
    return { ok: true, selfCareId: target.selfCareId };
  });
}
