import { Text } from "@react-email/components";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string };

function StaleDeviceEmail({ name, number }: Props) {
  return (
    <MailLayout preview={`以前のパスワードのままの機器があります（${number}）`}>
      <Text>{name} 様</Text>
      <Text>
        IP加入電話番号 {number}
        に、以前のIP加入電話パスワードで接続しようとしている機器があります。以前のパスワードはすでに使えないため、この機器では発信・着信ができません。
      </Text>
      <Text>
        IP電話対応機器の設定を新しいパスワードに変更し、機器を再起動してください。設定を変更すると、すぐに接続できます。接続元や機器名は、セルフケアの「機器の接続状況」でご確認いただけます。
      </Text>
      <Text>このお知らせは、番号ごとに1日1回までお送りしています。</Text>
    </MailLayout>
  );
}

export function staleDeviceMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】以前のパスワードのままの機器があります",
    body: <StaleDeviceEmail {...props} />,
  };
}
