import { Text } from "@react-email/components";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string; appliedAt: Date; graceUntil: Date | null };

function RegistrationReminderEmail({ name, number, appliedAt, graceUntil }: Props) {
  return (
    <MailLayout preview={`IP電話対応機器の設定をご確認ください（${number}）`}>
      <Text>{name} 様</Text>
      <Text>
        IP加入電話番号 {number} の新しいIP加入電話パスワードは、{formatJst(appliedAt)}
        （日本時間）に弊社システムへ反映しました。その後、新しいパスワードでIP電話対応機器が登録されたことを確認できていません。
      </Text>
      <Text>
        {graceUntil
          ? `以前のパスワードは ${formatJst(graceUntil)} まで使えますが、その後はこのままでは発信・着信ができなくなります。それまでに、`
          : "このままでは、この番号で発信・着信ができません。"}
        IP電話対応機器の設定を新しいパスワードに変更し、機器を再起動してください。設定が終わると、変更履歴の画面に「新しいパスワードで機器の登録を確認しました」と表示されます。
      </Text>
      <Text>このお知らせは、この変更について一度だけお送りしています。</Text>
    </MailLayout>
  );
}

export function registrationReminderMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】IP電話対応機器の設定をご確認ください",
    body: <RegistrationReminderEmail {...props} />,
  };
}
