import { CodeMailFailing } from "@/app/_components/code-mail-failing";
import { describeChallenge } from "@/lib/auth/code-step";
import { requestCookies } from "@/lib/auth/request-cookies";
import { now } from "@/lib/server/clock";

/** What the page says after 「認証コードを送信」 (`?code=`): the code went, or the hour's allowance is spent. */
const codeNotices: Record<string, { tone: "info" | "error"; text: string }> = {
  sent: { tone: "info", text: "ご登録のメールアドレスに認証コードをお送りしました。下の欄に入力してください。" },
  "send-limited": {
    tone: "error",
    text: "認証コードの送信回数が上限に達しました。しばらくしてからもう一度お試しください。",
  },
};

const SEND_LABEL = "認証コードを送信";

/**
 * 「認証コードを送信」 for a signed-in customer's own confirmation (a step-up, a new self-care password): a plain form
 * posting to `action` (`mailConfirmationCode` in ./confirmation-code.ts), and what the last one did. A code whose mail
 * has failed and not gone out since is said so, as on the sign-in's code page.
 */
export async function SendCode({
  action,
  code,
  next,
  customerId,
}: {
  action: (formData: FormData) => Promise<void>;
  /** The signed-in customer: only a code of their own is described. */
  customerId: string;
  /** The page's `?code=` parameter. */
  code: string | string[] | undefined;
  /** Where a step-up returns to, sent along with the form. */
  next?: string;
}) {
  const notice = typeof code === "string" ? codeNotices[code] : undefined;
  const challenge =
    code === "sent" ? await describeChallenge((await requestCookies()).read("binding"), now(), customerId) : null;
  return (
    <>
      {challenge?.mailFailing ? (
        <CodeMailFailing maskedEmail={challenge.maskedEmail} resendLabel={SEND_LABEL} />
      ) : (
        notice && (
          <p role={notice.tone === "error" ? "alert" : "status"} className="font-bold">
            {notice.text}
          </p>
        )
      )}
      <form action={action}>
        {next !== undefined && <input type="hidden" name="next" value={next} />}
        <button
          type="submit"
          className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 hover:bg-brand-50"
        >
          {SEND_LABEL}
        </button>
      </form>
    </>
  );
}
