// Provisioning's customers (docs/provisioning.md): the billing system's customers upserted in batches, whoever sends
// them (the API one at a time, the CSV import a thousand at a time), inside the caller's transaction. A new customer
// gets a generated self-care password, sealed for the letter. Unique indexes decide between concurrent creators.
import { randomUUID } from "node:crypto";
import type { Tx } from "@/db/client";
import { auditInsert, type AuditEvent } from "@/db/queries/audit";
import { customersNamed, insertCustomers, updateCustomer, type CustomerRow } from "@/db/queries/provisioning";
import { generateInitialPassword, hashGeneratedSecret, sealForLetter } from "./credentials";
import { actorDetail, firstOfEach, type Context } from "./provision-batch";
import type { CustomerInput, CustomerOutcome, ProvisionedCustomer } from "./types";

const toCustomer = (row: CustomerRow): ProvisionedCustomer => ({
  externalId: row.externalId!,
  selfCareId: row.selfCareId,
  name: row.name,
  email: row.email,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export async function provisionCustomers(
  tx: Tx,
  inputs: CustomerInput[],
  { actor, now }: Context,
): Promise<CustomerOutcome[]> {
  const outcomes: CustomerOutcome[] = new Array(inputs.length);
  const audits: AuditEvent[] = [];
  const by = actorDetail(actor);
  let pending = firstOfEach(
    inputs,
    (input) => input.externalId,
    (index) => (outcomes[index] = { kind: "conflict", reason: "duplicate-in-batch" }),
  );
  pending = pending.filter((index) => {
    const twin = pending.find((other) => other < index && inputs[other]!.selfCareId === inputs[index]!.selfCareId);
    if (twin !== undefined) outcomes[index] = { kind: "conflict", reason: "self-care-id-taken" };
    return twin === undefined;
  });

  // Twice at most: a creation a concurrent writer beat is decided again against what that writer committed.
  for (let round = 0; round < 2 && pending.length > 0; round++) {
    const existing = await customersNamed(tx, {
      externalIds: pending.map((index) => inputs[index]!.externalId),
      selfCareIds: pending.map((index) => inputs[index]!.selfCareId),
    });
    const byExternalId = new Map(existing.map((row) => [row.externalId, row]));
    const bySelfCareId = new Map(existing.map((row) => [row.selfCareId, row]));
    const creations: { index: number; id: string; password: string; sealed: string; hash: string }[] = [];

    for (const index of pending) {
      const input = inputs[index]!;
      const current = byExternalId.get(input.externalId);
      const holder = bySelfCareId.get(input.selfCareId);
      if (holder && holder.id !== current?.id) {
        outcomes[index] = { kind: "conflict", reason: "self-care-id-taken" };
      } else if (current) {
        const same =
          current.selfCareId === input.selfCareId && current.name === input.name && current.email === input.email;
        if (same) outcomes[index] = { kind: "unchanged", customer: toCustomer(current) };
        else {
          const updated = await updateCustomer(tx, { id: current.id, ...input, now });
          outcomes[index] = { kind: "updated", customer: toCustomer(updated) };
          const changed = (["selfCareId", "name", "email"] as const).filter((field) => current[field] !== input[field]);
          audits.push({
            type: "provisioning.customer-updated",
            at: now,
            customerId: current.id,
            detail: { ...by, externalId: input.externalId, fields: changed.join(",") },
          });
        }
      } else {
        const id = randomUUID();
        const password = generateInitialPassword();
        creations.push({
          index,
          id,
          password,
          hash: hashGeneratedSecret(password),
          sealed: sealForLetter({ kind: "customer", customerId: id }, password),
        });
      }
    }

    const inserted = await insertCustomers(
      tx,
      creations.map(({ index, id, hash, sealed }) => ({
        id,
        externalId: inputs[index]!.externalId,
        selfCareId: inputs[index]!.selfCareId,
        displayName: inputs[index]!.name,
        email: inputs[index]!.email,
        passwordHash: hash,
        initialPasswordSealed: sealed,
        now,
      })),
    );
    pending = [];
    for (const { index, id, password } of creations) {
      const input = inputs[index]!;
      if (!inserted.has(input.externalId)) {
        pending.push(index);
        continue;
      }
      outcomes[index] = {
        kind: "created",
        customer: { ...input, createdAt: now, updatedAt: now },
        initialPassword: password,
      };
      audits.push({
        type: "provisioning.customer-created",
        at: now,
        customerId: id,
        detail: { ...by, externalId: input.externalId },
      });
    }
  }
  for (const index of pending) outcomes[index] = { kind: "conflict", reason: "self-care-id-taken" };
  if (audits.length > 0) await auditInsert(tx, audits);
  return outcomes;
}
