// What the letter 「サービス開始のご案内」 says, as data: pure, so its wording is tested without a PDF. The PDF
// (letter-pdf.ts) only lays it out. The safekeeping notice follows the provider's manual in the portal's own words.
import type { LineStatus, ServiceKind } from "@/db/enums";
import { serviceNames } from "@/lib/changes/reflection";
import type { SupportContact } from "@/lib/env";
import { formatJstDate } from "@/lib/jst";
import { supportSentence } from "@/lib/support";
import { lineStatusNames } from "./line-status";

type LetterLine = {
  number: string;
  serviceKind: ServiceKind;
  status: Exclude<LineStatus, "terminated">;
  /** The line's generated SIP password, opened from its seal; null when it was on an earlier letter or changed since. */
  sipPassword: string | null;
};

export type LetterData = {
  name: string;
  selfCareId: string;
  /**
   * The generated initial password, opened from its seal; null on a letter for lines added after the customer's
   * letter was printed (「追加回線のご案内」), which prints the new lines' SIP passwords only.
   */
  initialPassword: string | null;
  lines: LetterLine[];
  /** The sign-in page's full address. */
  signInUrl: string;
  issuedAt: Date;
  support: SupportContact;
};

export type LetterRow = { label: string; value: string; emphasis?: boolean };
/** One line of the lines' table; `password` null prints SIP_PASSWORD_NOT_PRINTED in its place. */
type LetterLineRow = { number: string; note: string | null; service: string; password: string | null };

export type LetterContent = {
  title: string;
  /** 「追加回線のご案内」 on a letter for added lines, under the title. */
  subtitle: string | null;
  issued: string;
  addressee: string;
  intro: string;
  selfCare: { heading: string; rows: LetterRow[] };
  lines: { heading: string; columns: [string, string, string]; rows: LetterLineRow[]; empty: string | null };
  steps: { heading: string; items: string[] };
  safekeeping: { heading: string; items: string[] };
  support: string;
};

export const LETTER_TITLE = "サービス開始のご案内";

/** Shown in place of a SIP password the portal no longer holds (printed on an earlier letter, or changed since). */
export const SIP_PASSWORD_NOT_PRINTED = "以前のご案内でお知らせ済み、またはお客様が設定済みのため記載していません";

/** Shown in place of the self-care password on a letter for added lines. */
export const SELF_CARE_PASSWORD_NOT_PRINTED =
  "以前のご案内でお知らせ済みのため記載していません（変更済みの場合は、お客様が設定したパスワードです）";

export const ADDED_LINES_SUBTITLE = "追加回線のご案内";

const lineRow = (line: LetterLine): LetterLineRow => ({
  number: line.number,
  note: line.status === "active" ? null : lineStatusNames[line.status],
  service: serviceNames[line.serviceKind],
  password: line.sipPassword,
});

const firstSteps = [
  "ログインページを開き、上記のセルフケアIDとセルフケアパスワードを入力して「送信」を押してください。",
  "ご契約時にご登録のメールアドレス宛に、認証コード（6桁）をお送りします。画面の案内に従って入力してください。",
  "初回ログインでは、セルフケアパスワードの変更が必要です。12文字以上の、お客様ご自身で決めたパスワードに変更してください。変更後は、本紙のセルフケアパスワードではログインできません。",
  "IP電話対応機器には、上記のIP加入電話番号とIP加入電話パスワードを設定してください。IP加入電話パスワードは、ログイン後のメニューからいつでも変更できます。",
];

const addedLineSteps = [
  "IP電話対応機器には、IP加入電話パスワードを記載した番号（追加の番号）とそのIP加入電話パスワードを設定してください。",
  "セルフケアへのログインには、これまでのセルフケアIDとセルフケアパスワードをお使いください。まだ一度もログインしていない場合は、以前のご案内のセルフケアパスワードでログインし、画面の案内に従って変更してください。",
  "IP加入電話パスワードは、ログイン後のメニューからいつでも変更できます。",
];

export function letterContent(data: LetterData): LetterContent {
  const added = data.initialPassword === null;
  return {
    title: LETTER_TITLE,
    subtitle: added ? ADDED_LINES_SUBTITLE : null,
    issued: `発行日：${formatJstDate(data.issuedAt)}`,
    addressee: `${data.name} 様`,
    intro: added
      ? "このたびはIP加入電話番号を追加いただき、誠にありがとうございます。追加の番号をIP電話対応機器に設定するための情報をお知らせします。"
      : "このたびはIP電話サービスをご契約いただき、誠にありがとうございます。カスタマー・セルフケア・サービスへのログインと、IP電話対応機器の設定に必要な情報をお知らせします。",
    selfCare: {
      heading: "★セルフケア情報",
      rows: [
        { label: "セルフケアID", value: data.selfCareId, emphasis: true },
        data.initialPassword === null
          ? { label: "セルフケアパスワード", value: SELF_CARE_PASSWORD_NOT_PRINTED }
          : { label: "セルフケアパスワード（初回ログイン用）", value: data.initialPassword, emphasis: true },
        { label: "ログインページ", value: data.signInUrl },
      ],
    },
    lines: {
      heading: "★IP加入電話サービス情報",
      columns: ["IP加入電話番号", "サービス", "IP加入電話パスワード"],
      rows: data.lines.map(lineRow),
      empty: data.lines.length === 0 ? "ご契約中のIP加入電話番号は、現在ありません。" : null,
    },
    steps: added
      ? { heading: "ご利用の手順", items: addedLineSteps }
      : { heading: "初回ログインの手順", items: firstSteps },
    safekeeping: {
      heading: "本紙の取り扱いについて（必ずお読みください）",
      items: [
        "本紙には、ログインと通話に必要なIDとパスワードが記載されています。紛失や盗難などで第三者に知られると、悪用されるおそれがあります。本紙はお客様の責任において大切に保管してください。",
        "本紙やIDとパスワードを第三者に見せたり、渡したりしないでください。やむを得ず共有する場合は、お客様の責任においてお取り扱いください。",
        "本紙を紛失した場合や、記載の内容が第三者に知られたおそれがある場合は、すぐにサポート窓口へご連絡ください。新しいご案内を発行します（それまでのセルフケアパスワードは使えなくなります）。",
        "当社から、お電話やメールでパスワードをお尋ねすることはありません。",
      ],
    },
    support: supportSentence(data.support),
  };
}
