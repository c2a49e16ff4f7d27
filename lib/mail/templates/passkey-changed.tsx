import { Text } from "@react-email/components";
import { RECENT_PASSKEY_MS } from "@/lib/auth/passkey-rules";
import { formatDuration } from "@/lib/duration";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

/**
 * What happened to the customer's passkeys: one added, one removed, all removed by the support desk, or those added
 * recently removed by a sign-out everywhere or a new self-care password (`passkeyName`: their names, joined).
 */
export type PasskeyChange = "added" | "removed" | "removed-by-admin" | "removed-recent";

type Props = { name: string; change: PasskeyChange; passkeyName: string; at: Date };

const wording: Record<PasskeyChange, { subject: string; lead: (passkey: string) => string }> = {
  added: {
    subject: "【IP加入電話】パスキー登録のお知らせ",
    lead: (passkey) => `お客様のセルフケアIDにパスキー「${passkey}」が登録されました。`,
  },
  removed: {
    subject: "【IP加入電話】パスキー削除のお知らせ",
    lead: (passkey) => `お客様のセルフケアIDからパスキー「${passkey}」が削除されました。`,
  },
  "removed-by-admin": {
    subject: "【IP加入電話】パスキー削除のお知らせ（サポート窓口による手続き）",
    lead: () =>
      "お客様からのお申し出により、サポート窓口でお客様のセルフケアIDのパスキーをすべて削除しました。次回からはセルフケアパスワードとメールの認証コードでログインしてください。",
  },
  "removed-recent": {
    subject: "【IP加入電話】パスキー削除のお知らせ（最近登録されたパスキー）",
    lead: (passkeys) =>
      `お客様のセルフケアIDでセルフケアパスワードの変更、またはすべての端末からのログアウトが行われたため、安全のため、直近${formatDuration(RECENT_PASSKEY_MS)}以内に登録されたパスキー「${passkeys}」を削除しました。お客様ご自身で登録したパスキーを引き続きお使いになる場合は、ログインのうえ、もう一度登録してください。`,
  },
};

function PasskeyChangedEmail({ name, change, passkeyName, at }: Props) {
  return (
    <MailLayout preview={wording[change].subject.replace("【IP加入電話】", "")}>
      <Text>{name} 様</Text>
      <Text>
        {wording[change].lead(passkeyName)}（{formatJst(at)}、日本時間）
      </Text>
      <Text>
        お心当たりのない場合は、第三者がお客様のセルフケアIDを使っている可能性があります。お手数ですが、すぐに下記のサポート窓口までご連絡ください。
      </Text>
    </MailLayout>
  );
}

export function passkeyChangedMail(to: string, props: Props): MailContent {
  return { to, subject: wording[props.change].subject, body: <PasskeyChangedEmail {...props} /> };
}
