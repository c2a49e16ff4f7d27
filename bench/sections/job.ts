// The reflection job on a backlog of due changes, with one and with several workers, checked for exactly-once.
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { env } from "../../lib/env";
import { applyDueChanges } from "../../lib/changes/reflection-job";
import { changeSecretContext, sealSecret } from "../../lib/changes/sealed-secret";
import { generateSipPassword } from "../../lib/changes/sip-password";
import type { Plan } from "../config";
import { step } from "../progress";
import { repeated, type Repeated } from "../stats";

export const JOB_TARGET_PER_SECOND = 2_000;
const WORKER_COUNTS = [1, 4];

export type JobFigure = { workers: number; changes: number; perSecond: Repeated; exactlyOnce: boolean };

/** `count` pending changes already due, each with a sealed secret as the change action writes it. */
async function queueDueChanges(sql: postgres.Sql, count: number): Promise<void> {
  await sql`truncate password_changes, sip_credentials, audit_events, mail_queue`;
  const lines = await sql<{ id: string; customer_id: string; service_kind: string; number: string }[]>`
    select id, customer_id, service_kind, number from ip_phone_lines where number like '0508%' order by number limit ${count}`;
  if (lines.length < count) throw new Error(`Only ${lines.length} lines for ${count} changes`);
  const key = env().credentialEncryptionKey;
  const due = new Date(Date.now() - 60_000);
  const requested = new Date(due.getTime() - 15 * 60_000);
  const rows = lines.map((line) => {
    const id = randomUUID();
    return {
      id,
      line_id: line.id,
      customer_id: line.customer_id,
      service_kind: line.service_kind,
      requested_at: requested,
      reflection_at: due,
      status: "pending",
      secret_ciphertext: sealSecret({
        key,
        plaintext: generateSipPassword(line.number),
        context: changeSecretContext({ changeId: id, number: line.number }),
      }),
      idempotency_key: id,
    };
  });
  for (let i = 0; i < rows.length; i += 2_000) await sql`insert into password_changes ${sql(rows.slice(i, i + 2_000))}`;
  await sql`analyze password_changes`;
}

/** Every change reflected, one subscriber row per change, and one "reflected" audit row per change, never two. */
async function appliedExactlyOnce(sql: postgres.Sql, count: number): Promise<boolean> {
  const [row] = await sql<
    { reflected: number; credentials: number; distinct_changes: number; audits: number; twice: number }[]
  >`
    select (select count(*)::int from password_changes where status = 'reflected') as reflected,
           (select count(*)::int from sip_credentials) as credentials,
           (select count(distinct change_id)::int from sip_credentials) as distinct_changes,
           (select count(*)::int from audit_events where type = 'change.reflected') as audits,
           (select count(*)::int from (select change_id from audit_events where type = 'change.reflected'
                                       group by change_id having count(*) > 1) d) as twice`;
  return (
    [row!.reflected, row!.credentials, row!.distinct_changes, row!.audits].every((value) => value === count) &&
    row!.twice === 0
  );
}

export async function measureJob(sql: postgres.Sql, plan: Plan): Promise<JobFigure[]> {
  const figures: JobFigure[] = [];
  for (const workers of WORKER_COUNTS) {
    const rates: number[] = [];
    let exactlyOnce = true;
    for (let run = 0; run < plan.repeats; run++) {
      await queueDueChanges(sql, plan.jobChanges);
      const started = performance.now();
      // Notices are left out: they go through the mail provider, whose own rate limit would be measured instead.
      const summaries = await Promise.all(
        Array.from({ length: workers }, () => applyDueChanges(new Date(), { notify: false })),
      );
      const seconds = (performance.now() - started) / 1000;
      const reflected = summaries.reduce((sum, summary) => sum + summary.reflected, 0);
      const once = reflected === plan.jobChanges && (await appliedExactlyOnce(sql, plan.jobChanges));
      exactlyOnce &&= once;
      rates.push(reflected / seconds);
      step(
        `job, ${workers} worker(s): ${reflected} changes in ${seconds.toFixed(1)} s = ${(reflected / seconds).toFixed(0)}/s, exactly once: ${once}`,
      );
    }
    figures.push({ workers, changes: plan.jobChanges, perSecond: repeated(rates), exactlyOnce });
  }
  return figures;
}
