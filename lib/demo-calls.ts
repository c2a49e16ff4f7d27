// The demo lines' call records (docs/architecture.md, "Call records"), so `npm run dev` shows a 「発着信履歴」: written
// as Kamailio's acc writes them, relative to the seed's run, idempotently (the demo's own rows, told by their Call-IDs).
import type { Db } from "@/db/client";
import type { CallKind } from "@/db/enums";
import { replaceDemoCalls } from "@/db/queries/demo";
import type { PolicyRefusal } from "@/lib/calls/refusals";

const DEMO_CALLID = "demo-call-";
const LINE = "05012345678";
const SECOND_LINE = "05087654321";

type DemoCall = {
  minutesAgo: number;
  /** Our line that placed it, or '' for a call from the carrier; the line called, or '' for one to the gateway. */
  caller: string;
  callee: string;
  dialled: string;
  kind: CallKind;
  sipCode: string;
  sipReason: string;
  /** Answered calls: their length, and whether the registrar ended them at the cap. */
  seconds?: number;
  ended?: "bye" | "timeout";
};

const out = (dialled: string, kind: CallKind) => ({ caller: LINE, callee: "", dialled, kind });
const into = (from: string) => ({ caller: "", callee: LINE, dialled: from, kind: "incoming" as const });
const answered = (seconds: number, ended: "bye" | "timeout" = "bye") => ({
  sipCode: "200",
  sipReason: "OK",
  seconds,
  ended,
});
const refused = (reason: PolicyRefusal) => ({ sipCode: "403", sipReason: reason });

/**
 * A call each way, a missed and a busy one, a call between the customer's two lines, and the policy at work: an
 * international call refused while international calling was off, a 0570 number refused, and an international call
 * the registrar cut at its cap.
 */
const demoCalls: DemoCall[] = [
  { minutesAgo: 95, ...out("0312345678", "domestic"), ...answered(185) },
  { minutesAgo: 300, ...into("09012345678"), ...answered(62) },
  { minutesAgo: 1_500, ...into("0312345678"), sipCode: "487", sipReason: "Request Terminated" },
  { minutesAgo: 1_620, ...out("010442012345678", "international"), ...refused("International Calls Off") },
  { minutesAgo: 2_900, ...out("0570123456", "premium"), ...refused("Number Not Allowed") },
  { minutesAgo: 4_400, ...out(SECOND_LINE, "on-net"), callee: SECOND_LINE, ...answered(45) },
  { minutesAgo: 5_800, ...out("0667891234", "domestic"), sipCode: "486", sipReason: "Busy Here" },
  { minutesAgo: 14_400, ...out("01012125550100", "international"), ...answered(3_600, "timeout") },
];

/** acc's time: UTC without a zone, to the second. */
const kamailioTime = (at: Date) => at.toISOString().slice(0, 19).replace("T", " ");

export async function seedDemoCalls(db: Db, now: Date): Promise<void> {
  const calls = demoCalls.map(({ minutesAgo, seconds, ended, ...call }, index) => ({
    ...call,
    callid: `${DEMO_CALLID}${index}@selfcare.example.jp`,
    at: new Date(Math.floor(now.getTime() / 1000) * 1000 - minutesAgo * 60_000),
    seconds,
    ended,
  }));
  await replaceDemoCalls(db, {
    callidPrefix: DEMO_CALLID,
    numbers: [LINE, SECOND_LINE],
    since: new Date(Math.min(...calls.map((call) => call.at.getTime()))),
    calls: calls.map(({ at, seconds: _seconds, ended: _ended, ...call }) => ({
      ...call,
      method: "INVITE",
      time: kamailioTime(at),
    })),
    cdrs: calls.flatMap(({ at, seconds, ended, callid, caller, callee, dialled, kind }) =>
      seconds === undefined
        ? []
        : [
            {
              callid,
              caller,
              callee,
              dialled,
              kind,
              startTime: kamailioTime(at),
              endTime: kamailioTime(new Date(at.getTime() + seconds * 1000)),
              duration: seconds,
              ended: ended ?? "bye",
            },
          ],
    ),
  });
}
