import { Text } from "@react-email/components";
import type { SwitchMode } from "@/lib/changes/rotation";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string; switchMode: SwitchMode; graceUntil: Date | null };

/** At the reflection time: the new password works now, and until when the device may still use the old one. */
function ChangeReflectedEmail({ name, number, switchMode, graceUntil }: Props) {
  return (
    <MailLayout preview={`新しいIP加入電話パスワードが有効になりました（${number}）`}>
      <Text>{name} 様</Text>
      <Text>IP加入電話番号 {number} の新しいIP加入電話パスワードが、弊社システムに反映されました。</Text>
      {switchMode === "routine" && graceUntil ? (
        <Text>
          {formatJst(graceUntil)}
          までに、IP電話対応機器の設定を新しいパスワードに変更してください。それまでは以前のパスワードのままでも発着信できますが、新しいパスワードで機器が登録された時点、または上記の日時に、以前のパスワードは使えなくなります。
        </Text>
      ) : (
        <Text>
          IP電話対応機器の設定を新しいパスワードに変更すると、発着信できるようになります。以前のパスワードは使えません。
        </Text>
      )}
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
