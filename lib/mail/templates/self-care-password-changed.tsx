import { Text } from "@react-email/components";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; changedAt: Date };

// Never the password: the customer knows it, and mail is not where a secret should travel.
function SelfCarePasswordChangedEmail({ name, changedAt }: Props) {
  return (
    <MailLayout preview="セルフケアパスワードを変更しました">
      <Text>{name} 様</Text>
      <Text>
        {formatJst(changedAt)}
        （日本時間）に、お客様のセルフケアパスワードが変更されました。変更した端末以外のログインはすべて終了しました。
      </Text>
      <Text>
        お心当たりのない場合は、第三者がお客様のセルフケアIDを使っている可能性があります。お手数ですが、すぐに下記のサポート窓口までご連絡ください。
      </Text>
    </MailLayout>
  );
}

export function selfCarePasswordChangedMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】セルフケアパスワード変更のお知らせ",
    body: <SelfCarePasswordChangedEmail {...props} />,
  };
}
