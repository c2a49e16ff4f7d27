import { describe, expect, it } from "vitest";
import {
  HASHING_QUEUE,
  HASHING_SLOTS,
  HashingBusy,
  hashingSaturated,
  unlessBusy,
  withHashingSlot,
} from "./hashing-gate";

describe("the hashing gate", () => {
  it("runs a few at once, queues a few more, refuses the rest at once, and serves the queue as slots free", async () => {
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      new Promise<string>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        releases.push(() => {
          running -= 1;
          resolve("done");
        });
      });
    const total = HASHING_SLOTS + HASHING_QUEUE + 5;
    const outcomes = Array.from({ length: total }, () =>
      withHashingSlot(work).then(
        (value) => value,
        (error: unknown) => (error instanceof HashingBusy ? "busy" : "other"),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(running).toBe(HASHING_SLOTS);
    expect(hashingSaturated()).toBe(true);
    // Release every piece of work as it starts, until all admitted ones have run.
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const results = await Promise.all(outcomes);
    expect(results.filter((result) => result === "done")).toHaveLength(HASHING_SLOTS + HASHING_QUEUE);
    expect(results.filter((result) => result === "busy")).toHaveLength(5);
    expect(most).toBe(HASHING_SLOTS);
    expect(hashingSaturated()).toBe(false);
    // The gate is whole again: a new hash runs at once.
    const again = withHashingSlot(async () => "again");
    expect(await again).toBe("again");
  });

  it("gives the slot back when the work fails", async () => {
    await expect(withHashingSlot(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withHashingSlot(async () => 1)).toBe(1);
  });

  it("turns a refusal into undefined, and lets every other failure through", async () => {
    expect(await unlessBusy(async () => 7)).toBe(7);
    expect(await unlessBusy(() => Promise.reject(new HashingBusy("full")))).toBeUndefined();
    await expect(unlessBusy(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});
