import { Text } from "@react-email/components";
import { describeGuessWindow, GUESS_ALERT } from "@/lib/registrar/guess-alert";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; number: string; wrong: number; addresses: number };

function GuessFloodEmail({ name, number, wrong, addresses }: Props) {
  return (
    <MailLayout preview={`IP加入電話番号 ${number} のパスワードを推測しようとする試みが続いています`}>
      <Text>{name} 様</Text>
      <Text>
        IP加入電話番号 {number}
        に、直近{describeGuessWindow(GUESS_ALERT)}で合計{wrong}回、{addresses}
        か所の接続元から、誤ったパスワードでの接続の試みがありました。接続元ごとの回数を少なくして、多くの場所から少しずつパスワードを推測しようとしている可能性があります。
      </Text>
      <Text>
        いまのところ、パスワードが漏れたとわかっているわけではありません。ただ、推測されやすいパスワードをお使いの場合は、セルフケアのIP加入電話パスワード変更で「安全なパスワードを作成して入力」を使い、推測されにくいパスワードに変更してください。
      </Text>
      <Text>
        見覚えのない機器が登録されているなど、パスワードが漏れたおそれがある場合は、「機器の接続状況」から緊急のパスワード変更を行ってください。今のパスワードはその時点で使えなくなります。
      </Text>
      <Text>このお知らせは、番号ごとに1日1回までお送りしています。</Text>
    </MailLayout>
  );
}

export function guessFloodMail(to: string, props: Props): MailContent {
  return {
    to,
    subject: "【IP加入電話】パスワードを推測しようとする試みが続いています",
    body: <GuessFloodEmail {...props} />,
  };
}
