import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { recentChangesOf } from "@/db/queries/admin-changes";
import { customerTrail, findDeskCustomer } from "@/db/queries/customer-desk";
import { listPasskeys } from "@/db/queries/passkeys";
import { requireOperator } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { accountLocks } from "@/lib/desk/account-locks";
import { signInSummary } from "@/lib/desk/sign-ins";
import { recordCustomerView } from "@/lib/desk/support-actions";
import { trailTypes } from "@/lib/desk/trail-kinds";
import { env } from "@/lib/env";
import { requestMeta } from "@/lib/http/current-request";
import { lineActivity } from "@/lib/registrar/line-activity";
import { now } from "@/lib/server/clock";
import { customerIdSchema, parseCustomerPageQuery } from "@/lib/validation/customer-page";
import { EMAIL_MAX } from "@/lib/validation/limits";
import { OPERATOR_REASON_MAX, OTHER_REASON, TICKET_MAX, operatorReasons } from "@/lib/validation/operator-reason";
import { InternationalOffForm } from "../../_components/international-off-form";
import { LineAttempts } from "../../_components/line-attempts";
import { ContractSection, LockSection, SessionSection } from "./account-sections";
import { ChangesSection, TrailSection } from "./activity-sections";
import {
  changeEmailAction,
  endSessionsAction,
  liftBanAction,
  reissueAction,
  removePasskeysAction,
  unlockAction,
} from "./actions";
import { SupportForm } from "./support-form";

export const metadata: Metadata = { title: "お客様の情報（運用コンソール）" };

const TRAIL_PAGE = 30;
const CHANGES_SHOWN = 20;

const outcomes: Record<string, string> = {
  unlocked: "ロックを解除しました。お客様は今すぐログインできます。",
  "signed-out": "このお客様をすべての端末からログアウトさせました。",
  "passkeys-removed": "このお客様のパスキーをすべて削除しました。お客様にメールでお知らせしました。",
  reissued:
    "初期パスワードを再発行しました。以前のパスワードは使えません。新しい「サービス開始のご案内」は「サービス開始のご案内」の印刷待ちにあります。",
  "reissue-failed": "再発行できませんでした。お客様の情報が変わっていないか確認してください。",
  "email-changed": "登録メールアドレスを変更しました。以前のアドレスと新しいアドレスの両方にお知らせしました。",
  "email-unchanged": "登録メールアドレスは変更されていません（同じアドレスか、すでに変更済みです）。",
  "ban-lifted": "接続拒否を解除しました。",
  "ban-gone": "この接続拒否はすでに終わっているか、解除されています。",
  "international-off": "国際電話の利用をオフにしました。お客様にメールでお知らせします。",
  "international-unchanged": "国際電話の利用はすでにオフのため、変更はありません。",
};

export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireOperator("customers.read");
  const { id } = await params;
  if (!customerIdSchema.safeParse(id).success) notFound();
  const query = await searchParams;
  const { kind, before } = parseCustomerPageQuery(query);
  const customer = await findDeskCustomer(id);
  if (!customer) notFound();
  const clock = now();
  const operator = { id: session.user.id, name: session.user.name ?? session.user.id };
  // Every opening of the page is recorded: who looked at whose personal data.
  await recordCustomerView(customer.id, { operator, meta: await requestMeta(), now: clock });
  const numbers = customer.lines.filter((line) => line.status !== "terminated").map((line) => line.number);
  const internationalOn = customer.lines.filter((line) => line.status === "active" && line.internationalCalling);
  const [locks, signIns, passkeys, changes, trail, activity] = await Promise.all([
    accountLocks(customer, clock),
    signInSummary(customer.id, clock),
    listPasskeys(customer.id),
    recentChangesOf(customer.id, CHANGES_SHOWN),
    customerTrail({ customerId: customer.id, types: trailTypes(kind), before, limit: TRAIL_PAGE + 1 }),
    env().registrationCheck ? lineActivity(numbers) : Promise.resolve([]),
  ]);
  const allowed = (action: Parameters<typeof can>[1]) => can(session.user.role, action);
  const form = {
    customerId: customer.id,
    reasons: operatorReasons,
    otherReason: OTHER_REASON,
    limits: { reason: OPERATOR_REASON_MAX, ticket: TICKET_MAX },
  };
  const done = typeof query.done === "string" ? outcomes[query.done] : undefined;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">
        お客様の情報：{customer.displayName}（{customer.selfCareId}）
      </h1>
      <p className="text-sm text-muted">このページを開いたことは、担当者の名前とともに監査記録に残ります。</p>
      {done && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          {done}
        </p>
      )}
      <ContractSection customer={customer} />
      {allowed("lines.international-off") && internationalOn.length > 0 && (
        <section id="international" aria-labelledby="international-heading" className="space-y-3">
          <h2 id="international-heading" className="text-lg font-bold">
            国際電話の利用
          </h2>
          {internationalOn.map((line) => (
            <InternationalOffForm key={line.number} number={line.number} back="customer" />
          ))}
        </section>
      )}
      <LockSection
        locks={locks}
        signIns={signIns}
        unlock={
          allowed("customers.unlock") && (
            <SupportForm {...form} action={unlockAction} submitLabel="ロックを解除する" pendingLabel="解除しています…">
              <p>ご本人であることを確認してから解除してください。上のすべての制限の回数が0に戻ります。</p>
            </SupportForm>
          )
        }
      />
      <SessionSection
        signIns={signIns}
        passkeys={passkeys}
        actions={
          <>
            {allowed("customers.end-sessions") && (
              <SupportForm
                {...form}
                action={endSessionsAction}
                submitLabel="すべての端末からログアウトさせる"
                pendingLabel="ログアウトさせています…"
              >
                <h3 className="font-bold">すべての端末からログアウト</h3>
                <p>
                  パスワードが漏れたおそれがあるときに使います。直近1日以内に登録されたパスキーも削除され、お客様にメールでお知らせします。
                </p>
              </SupportForm>
            )}
            {allowed("customers.remove-passkeys") && passkeys.length > 0 && (
              <SupportForm
                {...form}
                action={removePasskeysAction}
                submitLabel="パスキーをすべて削除する"
                pendingLabel="削除しています…"
              >
                <h3 className="font-bold">パスキーの削除</h3>
                <p>端末をなくした場合に、本人確認のうえですべて削除します。お客様にメールでお知らせします。</p>
              </SupportForm>
            )}
          </>
        }
      />
      {allowed("customers.reissue-letter") && (
        <section
          id="reissue"
          aria-labelledby="reissue-heading"
          className="space-y-3 rounded border border-brand-100 bg-white p-5"
        >
          <h2 id="reissue-heading" className="text-lg font-bold">
            セルフケアパスワードの再発行
          </h2>
          <SupportForm
            {...form}
            action={reissueAction}
            submitLabel="初期パスワードを再発行する"
            pendingLabel="再発行しています…"
          >
            <p>
              新しい初期パスワードを発行し、今のパスワードとすべてのログインを終了します。新しい「サービス開始のご案内」は
              <Link href="/admin/letters" className="text-brand-700 underline">
                サービス開始のご案内
              </Link>
              で印刷してお送りします。
            </p>
          </SupportForm>
        </section>
      )}
      {allowed("customers.change-email") && (
        <section
          id="email"
          aria-labelledby="email-heading"
          className="space-y-3 rounded border border-brand-100 bg-white p-5"
        >
          <h2 id="email-heading" className="text-lg font-bold">
            登録メールアドレスの変更
          </h2>
          <SupportForm
            {...form}
            action={changeEmailAction}
            emailLimit={EMAIL_MAX}
            submitLabel="登録メールアドレスを変更する"
            pendingLabel="変更しています…"
          >
            <p>認証コードの届く先が変わります。以前のアドレスと新しいアドレスの両方にお知らせします。</p>
          </SupportForm>
        </section>
      )}
      <section id="lines" aria-labelledby="lines-heading" className="space-y-3">
        <h2 id="lines-heading" className="text-lg font-bold">
          回線ごとの機器・接続の試み・接続拒否
        </h2>
        {!env().registrationCheck && <p>機器の登録状況の確認（REGISTRATION_CHECK）が無効のため、表示できません。</p>}
        {activity.map((line, index) => (
          <LineAttempts
            key={line.number}
            line={line}
            headingId={`attempts-heading-${index}`}
            liftBan={
              allowed("sip.lift-ban")
                ? (ban) =>
                    // A source's ban over every line (a scanner) ends on its own; the desk lifts a line's only.
                    ban.number === null ? (
                      <span className="text-sm">（すべての番号への接続元の制限：1時間で自動的に解除されます）</span>
                    ) : (
                      <SupportForm
                        {...form}
                        action={liftBanAction}
                        hidden={{ banId: String(ban.id) }}
                        submitLabel="拒否を解除する"
                        pendingLabel="解除しています…"
                      >
                        <span className="sr-only">{`${ban.address} の接続拒否の解除`}</span>
                      </SupportForm>
                    )
                : undefined
            }
          />
        ))}
      </section>
      <ChangesSection changes={changes} limit={CHANGES_SHOWN} />
      <TrailSection
        customerId={customer.id}
        trail={trail.slice(0, TRAIL_PAGE)}
        kind={kind}
        more={trail.length > TRAIL_PAGE}
        paged={before !== undefined}
      />
      <p>
        <Link href="/admin/customers" className="text-brand-700 underline">
          お客様の検索へ戻る
        </Link>
      </p>
    </div>
  );
}
