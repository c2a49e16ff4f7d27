// One page of changes in reflection-time order: a table on a wide screen, a card per change below 1024 px.
import Link from "next/link";
import type { listChanges } from "@/db/queries/admin-changes";
import type { GuessTotal } from "@/db/queries/line-activity";
import { serviceNames } from "@/lib/changes/reflection";
import { isOverdue, statusLabels } from "@/lib/changes/status";
import { formatJst } from "@/lib/jst";
import type { RegistrationState } from "@/lib/registrar/registration-state";

type Row = Awaited<ReturnType<typeof listChanges>>[number];

const columns = ["番号", "お客様", "サービス", "受付日時", "パスワード反映時間", "状態"];
// On a phone each row is a card: every cell on its own line, led by its column's name.
const cell =
  "border border-brand-100 px-2 py-1.5 max-lg:flex max-lg:gap-3 max-lg:border-0 max-lg:px-0 max-lg:py-0.5 max-lg:whitespace-normal max-lg:before:w-24 max-lg:before:shrink-0 max-lg:before:font-bold max-lg:before:content-[attr(data-label)]";

/** The device's state under a reflected change's status: registered (with when), or not yet. */
function DeviceBadge({ state }: { state: RegistrationState | undefined }) {
  if (state?.kind === "confirmed") {
    return (
      <span className="block text-muted" data-testid="row-device">
        機器登録済み（{formatJst(state.at)}）
      </span>
    );
  }
  if (state?.kind !== "waiting") return null;
  return (
    <span className={`block ${state.overdue ? "font-bold text-amber-900" : "text-muted"}`} data-testid="row-device">
      機器未登録
    </span>
  );
}

/** The line is under a guessing flood (lib/registrar/guess-alert.ts): the day's wrong passwords and their addresses. */
function GuessFloodBadge({ flood }: { flood: GuessTotal | undefined }) {
  if (!flood) return null;
  return (
    <strong className="mt-1 block font-sans font-bold text-danger" data-testid="row-guess-flood">
      推測の集中：{flood.wrong}回・{flood.addresses}か所
    </strong>
  );
}

type Props = {
  rows: Row[];
  devices: Map<string, RegistrationState>;
  /** The page's lines under a guessing flood, by number. */
  guessFloods: Map<string, GuessTotal>;
  now: Date;
};

export function ChangesTable({ rows, devices, guessFloods, now }: Props) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm max-lg:block max-lg:bg-transparent">
        <caption className="py-2 text-left font-bold max-lg:block">変更一覧（パスワード反映時間順）</caption>
        <thead className="max-lg:sr-only">
          <tr className="bg-brand-100 text-left">
            {columns.map((heading) => (
              <th key={heading} scope="col" className="border border-brand-100 px-2 py-2 whitespace-nowrap">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="max-lg:block max-lg:space-y-3">
          {rows.map((row) => (
            <tr
              key={row.id}
              data-testid="change-row"
              className="max-lg:block max-lg:rounded max-lg:border max-lg:border-brand-100 max-lg:bg-white max-lg:p-3"
            >
              <td data-label="番号" className={`${cell} font-mono whitespace-nowrap`}>
                <Link href={`/admin/changes/${row.id}`} className="text-brand-700 underline">
                  {row.number}
                </Link>
                <GuessFloodBadge flood={guessFloods.get(row.number)} />
              </td>
              <td data-label="お客様" className={cell}>
                {row.selfCareId}（{row.customerName}）
              </td>
              <td data-label="サービス" className={cell}>
                {serviceNames[row.serviceKind]}
              </td>
              <td data-label="受付日時" className={`${cell} whitespace-nowrap`}>
                {formatJst(row.requestedAt)}
              </td>
              <td data-label="反映時間" className={`${cell} whitespace-nowrap`} data-testid="row-reflection">
                {formatJst(row.reflectionAt)}
              </td>
              <td data-label="状態" className={`${cell} whitespace-nowrap`}>
                {statusLabels[row.status]}
                {row.switchMode === "emergency" && (
                  <strong
                    className="ml-2 rounded border border-danger px-1.5 py-0.5 text-danger"
                    data-testid="row-emergency"
                  >
                    緊急
                  </strong>
                )}
                {isOverdue(row, now) && (
                  <strong className="ml-2 rounded bg-danger px-1.5 py-0.5 text-white">遅延</strong>
                )}
                <DeviceBadge state={devices.get(row.id)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="py-3">条件に合う変更はありません。</p>}
    </div>
  );
}
