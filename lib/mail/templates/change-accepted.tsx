import { Text } from "@react-email/components";
import {
  describeOutage,
  describeReflection,
  serviceNames,
  type Reflection,
  type ServiceKind,
} from "@/lib/changes/reflection";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string; serviceKind: ServiceKind; requestedAt: Date; reflection: Reflection };

function ChangeAcceptedEmail({ name, number, serviceKind, requestedAt, reflection }: Props) {
  return (
    <MailLayout preview={`IP加入電話パスワードの変更を受け付けました（${number}）`}>
      <Text>{name} 様</Text>
      <Text>次の内容でIP加入電話パスワードの変更を受け付けました。</Text>
      <Text>
        IP加入電話番号：{number}（{serviceNames[serviceKind]}）
        <br />
        受付日時：{formatJst(requestedAt)}
        <br />
        パスワード反映時間：{describeReflection(reflection)}
        <br />
        発着信できない時間：{describeOutage(requestedAt, reflection)}
      </Text>
      <Text>
        IP電話対応機器の設定を新しいパスワードに変更してください。設定を変更しないと、反映後に発信・着信ができなくなります。
      </Text>
      <Text>
        この変更にお心当たりのない場合は、第三者に不正利用されている可能性があります。至急下記のサポート窓口までご連絡ください。
      </Text>
    </MailLayout>
  );
}

export function changeAcceptedMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】IP加入電話パスワード変更の受付完了のお知らせ",
    body: <ChangeAcceptedEmail {...props} />,
  };
}
