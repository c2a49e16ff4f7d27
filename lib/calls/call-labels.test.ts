import { describe, expect, it } from "vitest";
import { formatJstSeconds } from "@/lib/jst";
import { cutRecordText, describeOutcome, formatCallDuration, otherParty } from "./call-labels";
import { policyRefusals } from "./refusals";

describe("describeOutcome", () => {
  const outgoing = (sipCode: string, sipReason = "") => describeOutcome({ sipCode, sipReason, direction: "outgoing" });

  it("reads an answered call as 通話", () => {
    expect(outgoing("200", "OK")).toEqual({ kind: "answered", text: "通話" });
  });

  it.each(Object.entries(policyRefusals))(
    "reads the policy's 403 「%s」 as a refusal in its Japanese words",
    (reason, words) => {
      expect(outgoing("403", reason)).toEqual({ kind: "refused", text: words });
    },
  );

  it("reads any other 403 as the far end's refusal, not the policy's", () => {
    expect(outgoing("403", "Forbidden")).toEqual({ kind: "failed", text: "つながりませんでした（相手側で拒否）" });
    // The phrase must be exact: a carrier's look-alike is not the registrar's refusal.
    expect(outgoing("403", "international calls off").kind).toBe("failed");
    expect(outgoing("486", "International Calls Off").text).toBe("話し中");
  });

  it.each([
    ["486", "話し中"],
    ["600", "話し中"],
    ["408", "応答なし"],
    ["480", "不在（相手が応答できない状態）"],
    ["603", "相手が応答を拒否"],
    ["404", "つながりませんでした（番号が存在しません）"],
    ["484", "つながりませんでした（番号が正しくありません）"],
    ["503", "つながりませんでした（通信網の障害）"],
    ["500", "つながりませんでした（通信網の障害）"],
    ["499", "つながりませんでした"],
    ["", "つながりませんでした"],
    ["toS", "つながりませんでした"],
  ])("reads SIP %s as 「%s」", (code, text) => {
    expect(outgoing(code)).toEqual({ kind: "failed", text });
  });

  it("reads 487 as the customer's own hang-up going out and as a missed call coming in", () => {
    expect(outgoing("487").text).toBe("応答前に発信を取りやめ");
    expect(describeOutcome({ sipCode: "487", sipReason: "", direction: "incoming" }).text).toBe("不在着信");
  });

  it("does not take a key of Object's prototype for a SIP code", () => {
    expect(outgoing("constructor").text).toBe("つながりませんでした");
  });
});

describe("formatCallDuration", () => {
  it.each([
    [0, "0秒"],
    [5, "5秒"],
    [59.4, "59秒"],
    [59.6, "1分0秒"],
    [185, "3分5秒"],
    [3600, "60分0秒"],
    [3725, "62分5秒"],
    [-3, "0秒"],
  ])("writes %s seconds as %s", (seconds, text) => {
    expect(formatCallDuration(seconds)).toBe(text);
  });
});

describe("otherParty", () => {
  it("is the dialled number going out, and the caller coming in", () => {
    expect(otherParty({ direction: "outgoing", caller: "05012345678", dialled: "0312345678" })).toBe("0312345678");
    expect(otherParty({ direction: "incoming", caller: "05087654321", dialled: "05012345678" })).toBe("05087654321");
    expect(otherParty({ direction: "incoming", caller: "", dialled: "09011112222" })).toBe("09011112222");
    expect(otherParty({ direction: "incoming", caller: "", dialled: "" })).toBe("番号非通知");
  });

  it("cuts a long value from the records", () => {
    const long = "<script>".repeat(10);
    expect(otherParty({ direction: "incoming", caller: "", dialled: long })).toBe(`${long.slice(0, 31)}…`);
    expect(cutRecordText("あ".repeat(40), 10)).toBe(`${"あ".repeat(9)}…`);
    expect(cutRecordText("0312345678")).toBe("0312345678");
  });
});

describe("formatJstSeconds", () => {
  it("writes the instant in Japan time to the second, whatever the server's zone", () => {
    expect(formatJstSeconds(new Date("2026-11-24T08:30:05Z"))).toBe("2026年11月24日 17:30:05");
    expect(formatJstSeconds(new Date("2026-11-24T15:00:00.999Z"))).toBe("2026年11月25日 0:00:00");
    expect(formatJstSeconds(new Date("2026-12-31T15:09:59Z"))).toBe("2027年1月1日 0:09:59");
  });
});
