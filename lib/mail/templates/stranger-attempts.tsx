import { Text } from "@react-email/components";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string };

function StrangerAttemptsEmail({ name, number }: Props) {
  return (
    <MailLayout preview={`IP加入電話番号 ${number} に不正な接続の試みがありました`}>
      <Text>{name} 様</Text>
      <Text>
        IP加入電話番号 {number}
        に、誤ったパスワードでの接続の試みがありました。お客様の機器の設定誤りでなければ、第三者がパスワードを推測しようとしている可能性があります。
      </Text>
      <Text>
        試みの回数や接続元は、セルフケアの「機器の接続状況」でご確認いただけます。同じ接続元からの誤りが続くと、その接続元からの接続は一時的に拒否されます（お客様の機器がほかの場所から接続するのには影響しません）。
      </Text>
      <Text>
        パスワードが漏れたおそれがある場合は、「機器の接続状況」から緊急のパスワード変更を行ってください。今のパスワードはその時点で使えなくなります。
      </Text>
      <Text>このお知らせは、番号ごとに1日1回までお送りしています。</Text>
    </MailLayout>
  );
}

export function strangerAttemptsMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】不正な接続の試みがありました",
    body: <StrangerAttemptsEmail {...props} />,
  };
}
