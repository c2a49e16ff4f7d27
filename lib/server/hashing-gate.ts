// A process-wide gate in front of argon2id: at most a few hashes at once (the libuv pool has two threads, which
// WebCrypto and DNS need too), a short queue behind them, and beyond that an immediate "busy", never an unbounded
// wait. A flood of password attempts then costs the flooder refusals, not every other visitor their page loads.
// Dependency-free, so the proxy can read the gate's state and answer 503 before any work starts.

/** Hashes running at once (two on the pool's threads, two waiting there). */
export const HASHING_SLOTS = 4;
/** Hashes waiting for a slot; the one after them is refused. */
export const HASHING_QUEUE = 8;
/** What a refused request is told to wait: the queue drains in well under a second. */
export const HASHING_RETRY_AFTER_SECONDS = 1;

/** What a refused visitor reads, on the form or on the proxy's 503 page. */
export const OVERLOADED_MESSAGE = "ただいま大変混み合っています。少し時間をおいて、もう一度お試しください。";

export class HashingBusy extends Error {
  override name = "HashingBusy";
}

type Gate = { active: number; waiting: (() => void)[] };
const holder = globalThis as typeof globalThis & { __selfcareHashingGate?: Gate };
const gate = (holder.__selfcareHashingGate ??= { active: 0, waiting: [] });

/** Whether a new hash would be refused now (the proxy's early answer). */
export const hashingSaturated = () => gate.active >= HASHING_SLOTS && gate.waiting.length >= HASHING_QUEUE;

/** Runs `work` in a slot, after a bounded wait; throws HashingBusy at once when the queue is full. */
export async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (gate.active >= HASHING_SLOTS) {
    if (gate.waiting.length >= HASHING_QUEUE) throw new HashingBusy("argon2 gate full");
    await new Promise<void>((resolve) => gate.waiting.push(resolve));
  } else {
    gate.active += 1;
  }
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in the queue, or is given back.
    const next = gate.waiting.shift();
    if (next) next();
    else gate.active -= 1;
  }
}

/** `work`'s answer, or undefined when the gate refused it at once: callers answer "busy" without catching. */
export async function unlessBusy<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HashingBusy) return undefined;
    throw error;
  }
}
