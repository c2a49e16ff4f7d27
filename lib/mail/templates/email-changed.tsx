import { Text } from "@react-email/components";
import { formatJst } from "@/lib/jst";
import type { MailContent } from "../types";
import { MailLayout } from "./layout";

// The support desk changed the registered address: the old address hears of it (someone who talked the desk into it
// would otherwise take the account's codes unnoticed), and the new one learns it now receives them. Neither mail
// carries the other address in full.

type OldAddressProps = { name: string; changedAt: Date; maskedNewEmail: string };
type NewAddressProps = { name: string; changedAt: Date };

function EmailChangedOldEmail({ name, changedAt, maskedNewEmail }: OldAddressProps) {
  return (
    <MailLayout preview="ご登録メールアドレスを変更しました">
      <Text>{name} 様</Text>
      <Text>
        {formatJst(changedAt)}
        （日本時間）、サポート窓口でお客様のご登録メールアドレスを {maskedNewEmail}{" "}
        に変更しました。今後、ログインの認証コードやお知らせは新しいアドレスにお送りし、このアドレスにはお送りしません。
      </Text>
      <Text>
        お心当たりのない場合は、第三者がお客様になりすましている可能性があります。お手数ですが、すぐに下記のサポート窓口までご連絡ください。
      </Text>
    </MailLayout>
  );
}

function EmailChangedNewEmail({ name, changedAt }: NewAddressProps) {
  return (
    <MailLayout preview="このアドレスをご登録メールアドレスにしました">
      <Text>{name} 様</Text>
      <Text>
        {formatJst(changedAt)}
        （日本時間）、サポート窓口でお客様のご登録メールアドレスをこのアドレスに変更しました。今後、ログインの認証コードやお知らせはこのアドレスにお送りします。
      </Text>
      <Text>お心当たりのない場合は、お手数ですが、下記のサポート窓口までご連絡ください。</Text>
    </MailLayout>
  );
}

export function emailChangedOldMail(to: string, props: OldAddressProps): MailContent {
  return {
    to,
    subject: "【IP加入電話】ご登録メールアドレス変更のお知らせ",
    body: <EmailChangedOldEmail {...props} />,
  };
}

export function emailChangedNewMail(to: string, props: NewAddressProps): MailContent {
  return {
    to,
    subject: "【IP加入電話】ご登録メールアドレス変更のお知らせ（新しいアドレス）",
    body: <EmailChangedNewEmail {...props} />,
  };
}
