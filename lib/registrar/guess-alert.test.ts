import { describe, expect, it } from "vitest";
import { describeGuessPolicy, describeGuessWindow, GUESS_ALERT, isGuessFlood } from "./guess-alert";

describe("the guessing-flood alert", () => {
  it("is 100 wrong passwords in 24 hours", () => {
    expect(GUESS_ALERT).toEqual({ threshold: 100, windowMs: 24 * 60 * 60_000 });
  });

  it("alerts at the threshold itself, not one below", () => {
    expect(isGuessFlood({ wrong: 99 })).toBe(false);
    expect(isGuessFlood({ wrong: 100 })).toBe(true);
    expect(isGuessFlood({ wrong: 5000 })).toBe(true);
    expect(isGuessFlood({ wrong: 9 }, { threshold: 10, windowMs: 60_000 })).toBe(false);
    expect(isGuessFlood({ wrong: 10 }, { threshold: 10, windowMs: 60_000 })).toBe(true);
  });

  it("states the policy as the page and the mail read it", () => {
    expect(describeGuessPolicy()).toBe("24時間に100回以上");
    expect(describeGuessWindow({ windowMs: 6 * 60 * 60_000 })).toBe("6時間");
    expect(describeGuessWindow({ windowMs: 7 * 24 * 60 * 60_000 })).toBe("7日間");
    expect(describeGuessPolicy({ threshold: 500, windowMs: 48 * 60 * 60_000 })).toBe("2日間に500回以上");
  });
});
