// The customer's page, upper half: the contract and lines, whether the account is locked (and the unlock), the
// sessions and passkeys (and ending them), the letter and the registered address (and changing them).
import Link from "next/link";
import type { findDeskCustomer } from "@/db/queries/customer-desk";
import type { listPasskeys } from "@/db/queries/passkeys";
import type { accountLocks } from "@/lib/desk/account-locks";
import type { signInSummary } from "@/lib/desk/sign-ins";
import { serviceNames } from "@/lib/changes/reflection";
import { HISTORY_DAYS } from "@/lib/calls/history";
import { SESSION_ABSOLUTE_SECONDS } from "@/lib/auth/session-lifetime";
import { formatDuration } from "@/lib/duration";
import { formatJst, formatJstWait } from "@/lib/jst";
import { lineStatusNames, suspensionSentence } from "@/lib/provisioning/line-status";
import { InternationalState } from "../../_components/international-state";

type Customer = NonNullable<Awaited<ReturnType<typeof findDeskCustomer>>>;
const box = "space-y-3 rounded border border-brand-100 bg-white p-5";

function Facts({ facts }: { facts: [string, React.ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-bold">{term}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ContractSection({ customer }: { customer: Customer }) {
  const letter = customer.mustChangePassword
    ? customer.letterPrintedAt
      ? `初期パスワードのまま（ご案内を${formatJst(customer.letterPrintedAt)}に印刷）`
      : "初期パスワードのまま（ご案内は印刷待ち）"
    : "お客様が設定したパスワード";
  return (
    <section aria-labelledby="contract-heading" className={box}>
      <h2 id="contract-heading" className="text-lg font-bold">
        契約
      </h2>
      <Facts
        facts={[
          ["お客様番号（料金システム）", customer.externalId ?? "—"],
          ["セルフケアID", customer.selfCareId],
          ["お名前", customer.displayName],
          ["登録メールアドレス", customer.email],
          ["登録日時", formatJst(customer.createdAt)],
          ["セルフケアパスワード", letter],
        ]}
      />
      <table className="w-full border-collapse text-sm" data-testid="desk-lines">
        <caption className="mb-1 text-left font-bold">回線</caption>
        <thead>
          <tr>
            {["IP加入電話番号", "サービス", "状態", "国際電話の利用"].map((column) => (
              <th key={column} scope="col" className="border border-brand-100 px-2 py-1.5 text-left">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {customer.lines.map((line) => (
            <tr key={`${line.number}-${line.statusChangedAt.getTime()}`}>
              <td className="border border-brand-100 px-2 py-1.5 font-mono">
                {/* The number's page shows its live line: an ended line's number may be another customer's now. */}
                {line.status === "terminated" ? (
                  line.number
                ) : (
                  <Link href={`/admin/lines/${line.number}#calls`} className="text-brand-700 underline">
                    {line.number}
                  </Link>
                )}
              </td>
              <td className="border border-brand-100 px-2 py-1.5">{serviceNames[line.serviceKind]}</td>
              <td className="border border-brand-100 px-2 py-1.5">
                <span className="font-bold">{lineStatusNames[line.status]}</span>
                {line.status === "suspended" && `：${suspensionSentence(line.suspensionReason)}`}
                {line.terminatedAt && `（${formatJst(line.terminatedAt)}）`}
                {line.status === "suspended" && `（${formatJst(line.statusChangedAt)}から）`}
              </td>
              <td className="border border-brand-100 px-2 py-1.5">
                {line.status === "terminated" ? "—" : <InternationalState line={line} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {customer.lines.length === 0 ? (
        <p>回線はありません。</p>
      ) : (
        <p className="text-sm text-muted">
          {`番号を選ぶと、その回線の状態と発着信履歴（直近${HISTORY_DAYS}日間）を表示します。`}
        </p>
      )}
    </section>
  );
}

type Locks = Awaited<ReturnType<typeof accountLocks>>;
type SignIns = Awaited<ReturnType<typeof signInSummary>>;

export function LockSection({ locks, signIns, unlock }: { locks: Locks; signIns: SignIns; unlock: React.ReactNode }) {
  const holding = locks.locks.filter((lock) => lock.locked);
  return (
    <section id="account" aria-labelledby="lock-heading" className={box}>
      <h2 id="lock-heading" className="text-lg font-bold">
        ログインの状態
      </h2>
      {locks.locked ? (
        <p className="rounded border-l-4 border-danger bg-red-50 px-4 py-3" data-testid="lock-state">
          <strong className="text-danger">ロック中</strong>：
          {holding
            .filter((lock) => lock.signIn)
            .map((lock) => lock.why)
            .join("、")}
          のため、{formatJstWait(locks.lockedUntil!)} までログインできません。
        </p>
      ) : (
        <p data-testid="lock-state">ロックされていません（ログインできます）。</p>
      )}
      {signIns.lastLockout && (
        <p className="text-sm">
          最後のロック：{formatJst(signIns.lastLockout.at)}（接続元 {signIns.lastLockout.ip ?? "不明"}）
        </p>
      )}
      <ul className="space-y-1 text-sm" data-testid="lock-windows">
        {locks.locks.map((lock) => (
          <li key={lock.limit}>
            {lock.why}：{lock.count}回
            {lock.locked &&
              `（${formatJstWait(lock.retryAt!)} まで制限中${lock.signIn ? "" : "、ログイン後の操作のみ"}）`}
          </li>
        ))}
      </ul>
      <p className="text-sm text-muted">
        以前ログインしたブラウザーには、セルフケアIDとは別にブラウザーごとのロックがあります。ここには表示されず、解除もできません。同じ時間で自動的に解除されます。
      </p>
      {unlock}
    </section>
  );
}

type Passkeys = Awaited<ReturnType<typeof listPasskeys>>;

export function SessionSection({
  signIns,
  passkeys,
  actions,
}: {
  signIns: SignIns;
  passkeys: Passkeys;
  actions: React.ReactNode;
}) {
  return (
    <section id="sessions" aria-labelledby="sessions-heading" className={box}>
      <h2 id="sessions-heading" className="text-lg font-bold">
        ログイン中の端末とパスキー
      </h2>
      <p data-testid="live-sessions">
        {signIns.mayBeLive > 0
          ? `ログイン中の可能性がある端末：${signIns.mayBeLive}（最後のログインから${formatDuration(SESSION_ABSOLUTE_SECONDS.customer * 1000)}以内で、その後すべての端末のログアウトがないもの。30分操作がなければ終了しています）`
          : "ログイン中の端末はありません。"}
        {signIns.endedAt && ` すべての端末の最後のログアウト：${formatJst(signIns.endedAt)}`}
      </p>
      <h3 className="font-bold">最近のログイン</h3>
      {signIns.signIns.length === 0 ? (
        <p>ログインの記録はありません。</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {signIns.signIns.map((signIn, index) => (
            <li key={index}>
              {formatJst(signIn.at)}、接続元 <span className="font-mono">{signIn.ip ?? "不明"}</span>、
              {signIn.userAgent ?? "ブラウザー不明"}
            </li>
          ))}
        </ul>
      )}
      <h3 className="font-bold">パスキー</h3>
      {passkeys.length === 0 ? (
        <p>パスキーの登録はありません。</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="desk-passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id}>
              {passkey.name}（{formatJst(passkey.createdAt)} 登録、最後の利用{" "}
              {passkey.lastUsedAt ? formatJst(passkey.lastUsedAt) : "なし"}）
            </li>
          ))}
        </ul>
      )}
      {actions}
    </section>
  );
}
