import { Text } from "@react-email/components";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string };

function ChangeReflectedEmail({ name, number }: Props) {
  return (
    <MailLayout preview={`新しいIP加入電話パスワードが有効になりました（${number}）`}>
      <Text>{name} 様</Text>
      <Text>IP加入電話番号 {number} の新しいIP加入電話パスワードが、弊社システムに反映されました。</Text>
      <Text>
        IP電話対応機器に新しいパスワードを設定済みであれば、このまま発信・着信できます。まだの場合は、機器の設定を変更してください。
      </Text>
      <Text>この変更にお心当たりのない場合は、至急下記のサポート窓口までご連絡ください。</Text>
    </MailLayout>
  );
}

export function changeReflectedMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】新しいIP加入電話パスワードが有効になりました",
    body: <ChangeReflectedEmail {...props} />,
  };
}
