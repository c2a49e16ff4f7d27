// The registration state of a page's changes: the registrar's records (when REGISTRATION_CHECK=on) read through the
// one rule of lib/registration-state.ts.
import type { ChangeStatus } from "@/db/enums";
import { registrationsProving } from "@/db/queries/registrations";
import { env } from "@/lib/env";
import { registrationState, type RegistrationState } from "@/lib/registration-state";

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
