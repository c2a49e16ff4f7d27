import { Text } from "@react-email/components";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

/**
 * What happened to a line's 「国際電話の利用」: turned on or off by the customer, off by the support desk, off by itself
 * after `months` without an international call, or off by the velocity rule (a burst of international attempts).
 */
export type InternationalChange = "enabled" | "disabled" | "operator-off" | "idle-off" | "burst";

type Props = { name: string; number: string; change: InternationalChange; at: Date; months?: number };

const unknownToYou =
  "お心当たりのない場合は、第三者がお客様のセルフケアIDやIP加入電話パスワードを使っている可能性があります。お手数ですが、すぐに下記のサポート窓口までご連絡ください。";

const wording: Record<InternationalChange, { subject: string; lines: (props: Props) => string[] }> = {
  enabled: {
    subject: "【IP加入電話】国際電話の利用をオンにしました",
    lines: ({ number }) => [
      `IP加入電話番号 ${number} の「国際電話の利用」がオンになりました。この番号から国際電話をかけられます。`,
      unknownToYou,
    ],
  },
  disabled: {
    subject: "【IP加入電話】国際電話の利用をオフにしました（セキュリティのお知らせ）",
    lines: ({ number }) => [
      `IP加入電話番号 ${number} の「国際電話の利用」がオフになりました。この番号からの国際電話はおかけになれません。`,
      unknownToYou,
    ],
  },
  "operator-off": {
    subject: "【IP加入電話】国際電話の利用をオフにしました（サポート窓口による手続き）",
    lines: ({ number }) => [
      `サポート窓口で、IP加入電話番号 ${number} の「国際電話の利用」をオフにしました。この番号からの国際電話はおかけになれません。`,
      "国際電話をお使いになる場合は、セルフケアの「国際電話の利用」から、ご本人の確認のうえでオンにしてください。",
    ],
  },
  "idle-off": {
    subject: "【IP加入電話】国際電話の利用を自動でオフにしました",
    lines: ({ number, months }) => [
      `IP加入電話番号 ${number} から${months}か月以上国際電話のご利用がなかったため、不正利用を防ぐために「国際電話の利用」を自動でオフにしました。`,
      "国際電話をお使いになる場合は、セルフケアの「国際電話の利用」から、ご本人の確認のうえでオンにしてください。",
    ],
  },
  burst: {
    subject: "【IP加入電話】国際発信の異常を検知したため、国際電話の利用を停止しました",
    lines: ({ number }) => [
      `IP加入電話番号 ${number} から短時間に国際電話の発信が続きました。国際発信の異常を検知したため、国際電話の利用を停止しました（「国際電話の利用」をオフにしました）。`,
      "お心当たりのない場合は、IP加入電話パスワードが第三者に知られ、国際電話の不正利用に使われたおそれがあります。セルフケアの「IP加入電話パスワード変更」で「緊急」を選んでパスワードを変更し、機器の設定を新しいパスワードに変えてください。そのうえで下記のサポート窓口までご連絡ください。",
      "ご自身の発信であれば、セルフケアの「国際電話の利用」から、ご本人の確認のうえでもう一度オンにできます。",
    ],
  },
};

function InternationalChangedEmail(props: Props) {
  const [lead, ...rest] = wording[props.change].lines(props);
  return (
    <MailLayout preview={wording[props.change].subject.replace("【IP加入電話】", "")}>
      <Text>{props.name} 様</Text>
      <Text>
        {lead}（{formatJst(props.at)}、日本時間）
      </Text>
      {rest.map((line) => (
        <Text key={line}>{line}</Text>
      ))}
    </MailLayout>
  );
}

export function internationalChangedMail(to: string, props: Props): MailContent {
  return { to, subject: wording[props.change].subject, body: <InternationalChangedEmail {...props} /> };
}
