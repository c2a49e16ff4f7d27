import type { Metadata } from "next";
import Link from "next/link";
import { countOverdue, countsByStatus, listChanges, upcomingBatches } from "@/db/queries/admin-changes";
import { requireOperator } from "@/lib/auth/guards";
import { OVERDUE_GRACE_MS } from "@/lib/changes/status";
import { env } from "@/lib/env";
import { guessFloodsOn } from "@/lib/registrar/line-activity";
import { deviceStates } from "@/lib/registrar/registration-state";
import { now } from "@/lib/server/clock";
import { encodeCursor, parseAdminQuery } from "@/lib/validation/admin-filter";
import { ChangesTable } from "./changes-table";
import { FilterForm } from "./filter-form";
import { RunConfirmation, RunOperations, RunResult } from "./run-controls";
import { ChangesSummary } from "./summary";

export const metadata: Metadata = { title: "パスワード変更の状況（管理）" };

const PAGE_SIZE = 50;
// Reflected and superseded changes are counted for the last day; open ones (pending, failed) all.
const SETTLED_WINDOW_MS = 24 * 60 * 60 * 1000;

export default async function AdminChangesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireOperator("changes.read");
  const { filter, cursor, raw, ran, confirming } = parseAdminQuery(await searchParams);
  const clock = now();
  const [rows, batches, counts, overdue] = await Promise.all([
    listChanges(filter, cursor, PAGE_SIZE + 1),
    upcomingBatches(),
    countsByStatus(new Date(clock.getTime() - SETTLED_WINDOW_MS)),
    countOverdue(clock, OVERDUE_GRACE_MS),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const { mode, registrationCheck } = env();
  const [devices, guessFloods] = await Promise.all([
    deviceStates(page, clock),
    registrationCheck ? guessFloodsOn([...new Set(page.map((row) => row.number))]) : new Map(),
  ]);
  const last = page.at(-1);
  const next = rows.length > PAGE_SIZE && last ? new URLSearchParams({ ...raw, after: encodeCursor(last) }) : null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">パスワード変更の状況</h1>
      {mode === "preview" && (
        <p className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3" data-testid="preview-note">
          プレビュー環境では定期実行（Vercel
          Cron）が動きません。反映処理は、いずれかのページが開かれたとき（1分に1回まで）と、このページ下の「今すぐ反映処理を実行」で行われます。
        </p>
      )}
      {ran && <RunResult ran={ran} />}
      {confirming && <RunConfirmation due={overdue} />}
      <ChangesSummary batches={batches} counts={counts} overdue={overdue} settledWindowMs={SETTLED_WINDOW_MS} />
      <FilterForm raw={raw} registrationCheck={registrationCheck} />
      <ChangesTable rows={page} devices={devices} guessFloods={guessFloods} now={clock} />
      <nav aria-label="ページ送り" className="flex gap-4">
        {cursor && (
          <Link href={`/admin/changes?${new URLSearchParams(raw)}`} className="text-brand-700 underline">
            最初のページ
          </Link>
        )}
        {next && (
          <Link href={`/admin/changes?${next}`} className="text-brand-700 underline">
            次のページ
          </Link>
        )}
      </nav>
      <RunOperations raw={raw} />
    </div>
  );
}
