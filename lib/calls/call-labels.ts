// How a call record reads in 「発着信履歴」: its direction, the other party's number, how the call ended (from the SIP
// answer the registrar recorded) and how long it lasted. Pure: the customer's page and the console share it.
import { isPolicyRefusal, policyRefusals } from "./refusals";

export type CallDirection = "outgoing" | "incoming";

export const directionNames = { outgoing: "発信", incoming: "着信" } as const satisfies Record<CallDirection, string>;

/**
 * `answered`: the call was answered (its length follows); `refused`: the registrar's outbound policy refused it (the
 * history's 「拒否」 mark); `failed`: it did not connect for another reason (busy, no answer, the network).
 */
export type CallOutcome = { kind: "answered" | "refused" | "failed"; text: string };

/** Values read from the call records are written by the registrar from what devices and carriers send: cut to this. */
const RECORD_TEXT_MAX = 32;

/** A value from the records, cut to `max` characters (an ellipsis says it was). */
export function cutRecordText(value: string, max = RECORD_TEXT_MAX): string {
  const characters = Array.from(value);
  return characters.length > max ? `${characters.slice(0, max - 1).join("")}…` : value;
}

/** The failures people know by name, by SIP status code (RFC 3261 §21); the rest read as 「つながりませんでした」. */
const failures: Record<string, string> = {
  "404": "つながりませんでした（番号が存在しません）",
  "408": "応答なし",
  "480": "不在（相手が応答できない状態）",
  "484": "つながりませんでした（番号が正しくありません）",
  "486": "話し中",
  "600": "話し中",
  "603": "相手が応答を拒否",
  "604": "つながりませんでした（番号が存在しません）",
};

/**
 * What became of a call, from its final answer. A 403 carrying one of the policy's reason phrases is the registrar's
 * own refusal (lib/calls/refusals.ts); any other 403 came from the far end. 487 is a call its caller gave up before
 * it was answered: the customer's own hang-up on an outgoing call, a missed call on an incoming one.
 */
export function describeOutcome({
  sipCode,
  sipReason,
  direction,
}: {
  sipCode: string;
  sipReason: string;
  direction: CallDirection;
}): CallOutcome {
  if (/^2\d\d$/.test(sipCode)) return { kind: "answered", text: "通話" };
  if (sipCode === "403" && isPolicyRefusal(sipReason)) return { kind: "refused", text: policyRefusals[sipReason] };
  if (sipCode === "487")
    return { kind: "failed", text: direction === "incoming" ? "不在着信" : "応答前に発信を取りやめ" };
  if (sipCode === "403") return { kind: "failed", text: "つながりませんでした（相手側で拒否）" };
  const named = Object.hasOwn(failures, sipCode) ? failures[sipCode] : undefined;
  if (named) return { kind: "failed", text: named };
  if (/^5\d\d$/.test(sipCode)) return { kind: "failed", text: "つながりませんでした（通信網の障害）" };
  return { kind: "failed", text: "つながりませんでした" };
}

/** A call's length as 「m分s秒」 (「s秒」 under a minute), to the nearest second. */
export function formatCallDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes === 0 ? `${whole % 60}秒` : `${minutes}分${whole % 60}秒`;
}

/**
 * The other party: the number dialled on an outgoing call; on an incoming one our calling line for a call between two
 * lines of ours, else the caller's number as the carrier sent it (written in `dialled`); 「番号非通知」 when none was.
 */
export function otherParty({
  direction,
  caller,
  dialled,
}: {
  direction: CallDirection;
  caller: string;
  dialled: string;
}): string {
  const number = direction === "incoming" && caller !== "" ? caller : dialled;
  return number === "" ? "番号非通知" : cutRecordText(number);
}
