// Applies due password changes to the call-control system: each exactly once, however many workers run.
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { claimDueChanges, contactsOf, markReflected, recordFailure } from "@/db/queries/reflection";
import { env } from "@/lib/env";
import { sendMailOrRecord } from "@/lib/mail";
import { changeReflectedMail } from "@/lib/mail/templates/change-reflected";
import { log } from "@/lib/server/log";
import { defaultProvisioner, type Provisioner, type SipCredential } from "@/lib/registrar/provisioning";
import { ProvisioningError, describeFailure } from "@/lib/registrar/provisioning-failure";
import { changeSecretContext, openSecret } from "@/lib/changes/sealed-secret";
import { previousPasswordUntil } from "@/lib/changes/rotation";

type JobOptions = { batchSize?: number; maxAttempts?: number; provisioner?: Provisioner; notify?: boolean };
export type JobSummary = { reflected: number; retrying: number; failed: number; batches: number };

const MAX_ATTEMPTS = 3;

type Claimed = Awaited<ReturnType<typeof claimDueChanges>>[number];
type Ready = { change: Claimed; credential: SipCredential };

/** A sealed secret that does not open (tampered with, moved to another row, another key) is a stated reason. */
function openSealed(key: Buffer, sealed: string, change: { changeId: string; number: string }): string {
  try {
    return openSecret({ key, sealed, context: changeSecretContext(change) });
  } catch {
    throw new ProvisioningError("the sealed secret could not be opened (tampered with, moved, or another key)");
  }
}

export async function applyDueChanges(now: Date, options: JobOptions = {}): Promise<JobSummary> {
  const { batchSize = 200, maxAttempts = MAX_ATTEMPTS, provisioner = defaultProvisioner(), notify = true } = options;
  const db = await getDb();
  const key = env().credentialEncryptionKey;
  const summary: JobSummary = { reflected: 0, retrying: 0, failed: 0, batches: 0 };
  // A change that failed in this run waits for the next run instead of being retried in a tight loop.
  const triedThisRun: string[] = [];

  const fail = async (tx: Tx, change: Claimed, error: unknown) => {
    const { reason, transient } = describeFailure(error);
    // A transient failure (connection, serialisation, deadlock) says nothing about the change: it keeps its attempts.
    const giveUp = !transient && change.attempts + 1 >= maxAttempts;
    await recordFailure(tx, { id: change.id, reason, giveUp, countsAsAttempt: !transient });
    if (!(error instanceof ProvisioningError)) log.warn({ event: "reflect.failure", changeId: change.id, err: error });
    triedThisRun.push(change.id);
    summary[giveUp ? "failed" : "retrying"] += 1;
  };
  // A savepoint: a refused write undoes itself and nothing else in the batch.
  const applyTogether = (tx: Tx, items: Ready[]) =>
    tx.transaction(async (savepoint) => {
      await provisioner.apply(
        savepoint,
        items.map((item) => item.credential),
      );
      await markReflected(
        savepoint,
        {
          ids: items.map((item) => item.change.id),
          extended: items.flatMap(({ change, credential }) =>
            credential.previousUntil && change.graceUntil && credential.previousUntil > change.graceUntil
              ? [{ id: change.id, graceUntil: credential.previousUntil }]
              : [],
          ),
        },
        now,
      );
    });

  for (;;) {
    const { claimed, reflected } = await db.transaction(async (tx) => {
      const due = await claimDueChanges({ tx, now, limit: batchSize, skip: triedThisRun });
      // Every secret is opened before anything is written: one that cannot be opened fails alone.
      const ready: Ready[] = [];
      for (const change of due) {
        try {
          if (!change.secretCiphertext) throw new ProvisioningError("no sealed secret to apply");
          const password = openSealed(key, change.secretCiphertext, { changeId: change.id, number: change.number });
          const previousUntil = previousPasswordUntil(change, now, env().previousPasswordGraceMs);
          ready.push({ change, credential: { number: change.number, password, changeId: change.id, previousUntil } });
        } catch (error) {
          await fail(tx, change, error);
        }
      }
      if (ready.length === 0) return { claimed: due.length, reflected: [] as Ready[] };
      try {
        // The whole batch in a few statements; the usual case.
        await applyTogether(tx, ready);
        return { claimed: due.length, reflected: ready };
      } catch {
        // Refused: try each change alone, so the one at fault is found and the rest still go through.
        const done: Ready[] = [];
        for (const item of ready) {
          try {
            await applyTogether(tx, [item]);
            done.push(item);
          } catch (error) {
            await fail(tx, item.change, error);
          }
        }
        return { claimed: due.length, reflected: done };
      }
    });
    summary.reflected += reflected.length;
    if (claimed > 0) summary.batches += 1;
    if (notify) await notifyReflected(reflected);
    if (claimed < batchSize) return summary;
  }
}

async function notifyReflected(items: Ready[]): Promise<void> {
  if (items.length === 0) return;
  const contacts = new Map(
    (await contactsOf([...new Set(items.map((item) => item.change.customerId))])).map((row) => [row.id, row]),
  );
  for (const { change, credential } of items) {
    const contact = contacts.get(change.customerId);
    if (!contact) continue;
    // The change is applied; a lost notice must not make the job retry it.
    await sendMailOrRecord(
      changeReflectedMail(contact.email, {
        name: contact.displayName,
        number: change.number,
        switchMode: change.switchMode,
        graceUntil: credential.previousUntil,
      }),
    );
  }
}
