import { Heading, Text } from "@react-email/components";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

/** What the code is for: a sign-in, or confirming a self-care password change of a session older than a few minutes. */
export type CodePurpose = "sign-in" | "password-change" | "step-up";

type Props = { name: string; code: string; expiresAt: Date; purpose?: CodePurpose };

const purposes: Record<CodePurpose, { preview: string; lead: string; subject: string }> = {
  "sign-in": {
    preview: "セルフケアへのログインに使う認証コードをお送りします",
    lead: "セルフケアへのログインを続けるには、次の認証コードを入力してください。",
    subject: "【IP加入電話】ログイン認証コードのお知らせ",
  },
  "step-up": {
    preview: "本人確認に使う認証コードをお送りします",
    lead: "緊急のパスワード変更など、重要なお手続きの本人確認を続けるには、次の認証コードを入力してください。",
    subject: "【IP加入電話】本人確認の認証コードのお知らせ",
  },
  "password-change": {
    preview: "セルフケアパスワードの変更に使う認証コードをお送りします",
    lead: "セルフケアパスワードの変更を続けるには、次の認証コードを入力してください。",
    subject: "【IP加入電話】セルフケアパスワード変更の認証コードのお知らせ",
  },
};

function LoginCodeEmail({ name, code, expiresAt, purpose = "sign-in" }: Props) {
  // The preview shows on lock screens and in notification banners: never the code itself.
  return (
    <MailLayout preview={purposes[purpose].preview}>
      <Text>{name} 様</Text>
      <Text>{purposes[purpose].lead}</Text>
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
  return { to, subject: purposes[props.purpose ?? "sign-in"].subject, body: <LoginCodeEmail {...props} /> };
}
