import { Text } from "@react-email/components";
import { formatJstWait } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; lockedUntil: Date };

function CodeLockNoticeEmail({ name, lockedUntil }: Props) {
  return (
    <MailLayout preview="認証コードによるログインを一時的に停止しました">
      <Text>{name} 様</Text>
      <Text>
        お客様のセルフケアIDで、正しいセルフケアパスワードのあとに誤った認証コードが続けて入力されたため、認証コードによるログインを一時的に停止しました。
      </Text>
      <Text>
        停止は {formatJstWait(lockedUntil)}
        （日本時間）に解除されます。それまでは、正しいパスワードでもログインできません。
      </Text>
      <Text>
        お心当たりのない場合は、セルフケアパスワードが第三者に知られている可能性があります。お手数ですが、下記のサポート窓口までご連絡ください。
      </Text>
    </MailLayout>
  );
}

export function codeLockNoticeMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】認証コードによるログインを一時的に停止しました",
    body: <CodeLockNoticeEmail {...props} />,
  };
}
