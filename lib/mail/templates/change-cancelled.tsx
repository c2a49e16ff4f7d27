import { Text } from "@react-email/components";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string; cancelledAt: Date };

function ChangeCancelledEmail({ name, number, cancelledAt }: Props) {
  return (
    <MailLayout preview={`IP加入電話パスワードの変更を取り消しました（${number}）`}>
      <Text>{name} 様</Text>
      <Text>
        IP加入電話番号 {number} のIP加入電話パスワードの変更を、{formatJst(cancelledAt)}（日本時間）に取り消しました。
      </Text>
      <Text>
        パスワードは変更前のものに戻りました。IP電話対応機器の設定は、変更前のパスワードのままでご利用いただけます。
      </Text>
      <Text>この取り消しにお心当たりのない場合は、至急下記のサポート窓口までご連絡ください。</Text>
    </MailLayout>
  );
}

export function changeCancelledMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】IP加入電話パスワード変更の取り消しのお知らせ",
    body: <ChangeCancelledEmail {...props} />,
  };
}
