// Whether the customer's device has come back with the new password, as the portal tells it. Which registration
// proves a password is decided in SQL (db/queries/registrations.ts); this says what that means, for one change
// (pure, unit-tested) and for a page's changes (the registrar's records, when REGISTRATION_CHECK=on).
import type { ChangeStatus } from "@/db/enums";
import { registrationsProving, type DeviceRegistration } from "@/db/queries/registrations";
import { env } from "@/lib/env";

export type RegistrationState =
  /** The registrar accepted the new password after it took effect: the device uses it. */
  | { kind: "confirmed"; at: Date; userAgent: string }
  /** No registration with the new password yet; `overdue` once the reminder's time has come. */
  | { kind: "waiting"; overdue: boolean }
  /** A later change's password is in force: this change says nothing about the device any more. */
  | { kind: "overtaken" }
  /** Not reflected (pending, cancelled, superseded, failed), or no registrar to ask. */
  | { kind: "none" };

type Input = {
  status: ChangeStatus;
  appliedAt: Date | null;
  /** From registrationsProving(): a registration, null for none yet, undefined when the credential was replaced. */
  proof: DeviceRegistration | null | undefined;
  now: Date;
  reminderAfterMs: number;
};

export function registrationState({ status, appliedAt, proof, now, reminderAfterMs }: Input): RegistrationState {
  if (status !== "reflected" || !appliedAt) return { kind: "none" };
  if (proof === undefined) return { kind: "overtaken" };
  if (proof) return { kind: "confirmed", at: proof.at, userAgent: proof.userAgent };
  return { kind: "waiting", overdue: now.getTime() - appliedAt.getTime() >= reminderAfterMs };
}

type ChangeFacts = { id: string; status: ChangeStatus; appliedAt: Date | null };

export async function deviceStates(changes: ChangeFacts[], now: Date): Promise<Map<string, RegistrationState>> {
  const { registrationCheck, registrationReminderMs } = env();
  const reflected = changes.filter((change) => change.status === "reflected").map((change) => change.id);
  const proofs = registrationCheck ? await registrationsProving(reflected) : null;
  return new Map(
    changes.map((change) => [
      change.id,
      proofs
        ? registrationState({ ...change, proof: proofs.get(change.id), now, reminderAfterMs: registrationReminderMs })
        : { kind: "none" },
    ]),
  );
}
