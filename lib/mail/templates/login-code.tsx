import { Heading, Text } from "@react-email/components";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

type Props = { name: string; code: string; expiresAt: Date };

function LoginCodeEmail({ name, code, expiresAt }: Props) {
  // The preview shows on lock screens and in notification banners: never the code itself.
  return (
    <MailLayout preview="セルフケアへのログインに使う認証コードをお送りします">
      <Text>{name} 様</Text>
      <Text>セルフケアへのログインを続けるには、次の認証コードを入力してください。</Text>
      <Heading as="h1" style={{ fontSize: "32px", letterSpacing: "8px", margin: "16px 0" }}>
        {code}
      </Heading>
      <Text>有効期限：{formatJst(expiresAt)}（日本時間）まで</Text>
      <Text>
        この認証コードは誰にも教えないでください。弊社の係員が電話やメールでお尋ねすることはありません。お心当たりのない場合は、このメールを破棄し、セルフケアパスワードの管理にご注意ください。
      </Text>
    </MailLayout>
  );
}

export function loginCodeMail(to: string, props: Props): MailContent {
  return { to, subject: "【IP加入電話】ログイン認証コードのお知らせ", body: <LoginCodeEmail {...props} /> };
}
