// Provisioning's lines (docs/provisioning.md): upserted in batches inside the caller's transaction, each through the
// line lifecycle (lib/provisioning/lifecycle.ts). A new line's generated SIP password is in force for the registrar
// at once; suspending or ending one takes it out of the registrar's views and removes its registrations in the same
// transaction. A line's row lock orders its lifecycle writes; the live-number index decides between creators.
import { randomUUID } from "node:crypto";
import type { Tx } from "@/db/client";
import { auditInsert, type AuditEvent } from "@/db/queries/audit";
import {
  cancelOpenChanges,
  customerIdsByExternalId,
  deleteCredentials,
  insertLines,
  latestTerminatedLines,
  liftBansSince,
  liveLinesForUpdate,
  removeRegistrations,
  setLineState,
  writeNewLineCredentials,
  type LineRow,
} from "@/db/queries/provisioning";
import { env } from "@/lib/env";
import { digestHashes } from "@/lib/registrar/kamailio";
import { generateLineSipPassword, hashGeneratedSecret, sealForLetter } from "./credentials";
import { lineTransition, quarantineEnds } from "./lifecycle";
import { actorDetail, firstOfEach, type Context } from "./provision-batch";
import type { LineInput, LineOutcome, ProvisionedLine } from "./types";

const toLine = (row: LineRow): ProvisionedLine => ({
  number: row.number,
  customerExternalId: row.customerExternalId!,
  serviceKind: row.serviceKind,
  status: row.status,
  suspensionReason: row.suspensionReason,
  statusChangedAt: row.statusChangedAt,
  terminatedAt: row.terminatedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const lifecycleAudit = {
  update: "line.updated",
  suspend: "line.suspended",
  resume: "line.resumed",
  terminate: "line.terminated",
} as const;

export async function provisionLines(
  tx: Tx,
  inputs: LineInput[],
  { actor, now, dryRun = false, operator }: Context,
): Promise<LineOutcome[]> {
  const outcomes: LineOutcome[] = new Array(inputs.length);
  const audits: AuditEvent[] = [];
  const by = actorDetail(actor);
  const domain = env().sipDomain;
  const byExternalId = await customerIdsByExternalId(tx, [
    ...new Set(inputs.filter((input) => !input.customerId).map((input) => input.customerExternalId)),
  ]);
  const ownerOf = (input: LineInput) => input.customerId ?? byExternalId.get(input.customerExternalId);
  let pending = firstOfEach(
    inputs,
    (input) => input.number,
    (index) => (outcomes[index] = { kind: "conflict", reason: "duplicate-in-batch" }),
  ).filter((index) => {
    if (ownerOf(inputs[index]!)) return true;
    outcomes[index] = { kind: "unknown-customer" };
    return false;
  });

  for (let round = 0; round < 2 && pending.length > 0; round++) {
    const numbers = pending.map((index) => inputs[index]!.number);
    const live = new Map((await liveLinesForUpdate(tx, numbers)).map((line) => [line.number, line]));
    const ended = new Map(
      (
        await latestTerminatedLines(
          tx,
          numbers.filter((number) => !live.has(number)),
        )
      ).map((line) => [line.number, line]),
    );
    const creations: { index: number; id: string; password: string }[] = [];
    const unregister: string[] = [];
    const terminated: LineRow[] = [];

    for (const index of pending) {
      const input = inputs[index]!;
      const customerId = ownerOf(input)!;
      const requested = { ...input, suspensionReason: input.suspensionReason ?? null };
      const current = live.get(input.number);
      if (current) {
        if (current.customerId !== customerId) {
          outcomes[index] = { kind: "conflict", reason: "held-by-another-customer" };
          continue;
        }
        const transition = lineTransition(current, requested);
        if (transition.kind === "unchanged") {
          outcomes[index] = { kind: "unchanged", line: toLine(current) };
          continue;
        }
        if (transition.kind === "refused") {
          outcomes[index] = { kind: "conflict", reason: "terminated" };
          continue;
        }
        const line = await setLineState(tx, {
          id: current.id,
          serviceKind: requested.serviceKind,
          status: requested.status,
          suspensionReason: requested.suspensionReason,
          statusChanged: current.status !== requested.status,
          now,
        });
        if (transition.kind === "suspend" || transition.kind === "terminate") unregister.push(line.number);
        if (transition.kind === "terminate") terminated.push(line);
        // The line's own phones kept trying while it was suspended (class `inactive`) and may have earned their
        // address a pair ban: a resume must not leave them refused for up to 15 minutes.
        const bansLifted =
          transition.kind === "resume" && !dryRun
            ? await liftBansSince(tx, { number: line.number, since: current.statusChangedAt, now })
            : 0;
        outcomes[index] = { kind: "updated", line: toLine(line) };
        audits.push({
          type: lifecycleAudit[transition.kind],
          at: now,
          customerId,
          operatorId: operator?.id,
          detail: {
            ...by,
            number: line.number,
            status: line.status,
            ...(operator
              ? { suspensionReason: line.suspensionReason, ...operator.detail }
              : { reason: line.suspensionReason }),
            serviceKind: line.serviceKind,
            ...(bansLifted > 0 ? { bansLifted } : {}),
          },
        });
        continue;
      }
      const previous = ended.get(input.number);
      if (input.status === "terminated") {
        // Nothing live to end: the same customer's ended line answers as it is; anything else is not theirs to end.
        outcomes[index] =
          previous?.customerId === customerId
            ? { kind: "unchanged", line: toLine(previous) }
            : { kind: "conflict", reason: "terminated" };
        continue;
      }
      if (previous) {
        const availableAt = quarantineEnds({
          terminatedAt: previous.terminatedAt!,
          quarantineMs: env().numberQuarantineMs,
        });
        if (availableAt > now) {
          outcomes[index] =
            previous.customerId === customerId
              ? { kind: "conflict", reason: "terminated" }
              : { kind: "conflict", reason: "in-quarantine", availableAt };
          continue;
        }
      }
      creations.push({ index, id: randomUUID(), password: generateLineSipPassword(input.number) });
    }

    const inserted = await insertLines(
      tx,
      creations.map(({ index, id, password }) => {
        const input = inputs[index]!;
        return {
          id,
          number: input.number,
          customerId: ownerOf(input)!,
          serviceKind: input.serviceKind,
          status: input.status as "active" | "suspended",
          suspensionReason: input.suspensionReason ?? null,
          sipPasswordHash: hashGeneratedSecret(password),
          initialSipPasswordSealed: sealForLetter({ kind: "line", lineId: id }, password),
          now,
        };
      }),
    );
    const created = creations.filter(({ index }) => inserted.has(inputs[index]!.number));
    // Live at once: the reflection schedule is for changes, not for a line's first password.
    if (!dryRun) {
      await writeNewLineCredentials(
        tx,
        created.map(({ index, password }) => {
          const number = inputs[index]!.number;
          return { username: number, domain, ...digestHashes({ username: number, domain, realm: domain, password }) };
        }),
      );
      // A former owner's registrations, if any were left, never reach the new customer's calls.
      unregister.push(...created.map(({ index }) => inputs[index]!.number));
      await removeRegistrations(tx, { numbers: unregister, domain });
      await deleteCredentials(tx, { numbers: terminated.map((line) => line.number), domain });
    }
    const cancelled = await cancelOpenChanges(tx, { lineIds: terminated.map((line) => line.id), now });
    for (const change of cancelled) {
      audits.push({
        type: "change.cancelled",
        at: now,
        customerId: change.customerId,
        operatorId: operator?.id,
        changeId: change.id,
        detail: { ...by, reason: "line-terminated" },
      });
    }

    for (const { index, id, password } of created) {
      const input = inputs[index]!;
      outcomes[index] = {
        kind: "created",
        line: {
          number: input.number,
          customerExternalId: input.customerExternalId,
          serviceKind: input.serviceKind,
          status: input.status,
          suspensionReason: input.suspensionReason ?? null,
          statusChangedAt: now,
          terminatedAt: null,
          createdAt: now,
          updatedAt: now,
        },
        sipPassword: password,
      };
      audits.push({
        type: "line.provisioned",
        at: now,
        customerId: ownerOf(input)!,
        detail: { ...by, number: input.number, lineId: id, status: input.status, serviceKind: input.serviceKind },
      });
    }
    pending = creations.filter(({ index }) => !inserted.has(inputs[index]!.number)).map(({ index }) => index);
  }
  for (const index of pending) outcomes[index] = { kind: "conflict", reason: "held-by-another-customer" };
  if (audits.length > 0) await auditInsert(tx, audits);
  return outcomes;
}
