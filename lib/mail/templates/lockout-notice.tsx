import { Text } from "@react-email/components";
import { formatJstWait } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; lockedUntil: Date };

function LockoutNoticeEmail({ name, lockedUntil }: Props) {
  return (
    <MailLayout preview="ログインを一時的に制限しました">
      <Text>{name} 様</Text>
      <Text>
        お客様のセルフケアIDで、誤ったパスワードによるログインが続けて行われたため、ログインを一時的に制限しました。
      </Text>
      <Text>制限は {formatJstWait(lockedUntil)}（日本時間）に解除されます。</Text>
      <Text>
        お心当たりのない場合は、第三者がログインを試みている可能性があります。お手数ですが下記のサポート窓口までご連絡ください。
      </Text>
    </MailLayout>
  );
}

export function lockoutNoticeMail(to: string, props: Props): MailContent {
  return { to, subject: "【IP加入電話】ログインを一時的に制限しました", body: <LockoutNoticeEmail {...props} /> };
}
