// What provisioning's batches share (lib/provisioning/provision-customers.ts, provision-lines.ts): who made a write,
// and a batch's repeats.
import type { ProvisioningActor } from "./types";

/**
 * `dryRun`: the caller rolls the transaction back (a CSV import's check), so nothing the call control reads is
 * touched: deleting its registrations and credentials would lock rows Kamailio writes until the rollback.
 */
export type Context = {
  actor: ProvisioningActor;
  now: Date;
  dryRun?: boolean;
  /**
   * An operator's own action in the console (docs/operations.md): their lifecycle events name them (the operators'
   * trail) and carry why they acted (`reason`, `ticket`, an approval's ID), the line's own reason then being
   * `suspensionReason`.
   */
  operator?: { id: string; detail: Record<string, string> };
};

/** Who made a write, as the audit trail keeps it: never a key itself, only its name. */
export function actorDetail(actor: ProvisioningActor): Record<string, string> {
  if (actor.kind === "api-key") return { via: "api-key", key: actor.name };
  if (actor.kind === "admin") return { via: "admin", adminId: actor.customerId };
  return { via: "command-line" };
}

/** The positions of a batch still undecided, the later of two writes for one key refused. */
export function firstOfEach<T>(inputs: T[], keyOf: (input: T) => string, refuse: (index: number) => void): number[] {
  const seen = new Set<string>();
  const pending: number[] = [];
  inputs.forEach((input, index) => {
    const key = keyOf(input);
    if (seen.has(key)) refuse(index);
    else {
      seen.add(key);
      pending.push(index);
    }
  });
  return pending;
}
