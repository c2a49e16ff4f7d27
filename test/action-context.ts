// What a signed-in customer's action gets besides its input, in integration tests: the demo accounts' session version
// (set by demoDatabase after each seeding), and the work the action leaves for after its answer, kept until a test
// runs it.
import type { Defer } from "@/lib/server/after-answer";

const kept: (() => Promise<unknown>)[] = [];

export const signedIn: { sessionVersion: number; defer: Defer } = {
  sessionVersion: 0,
  defer: (task) => void kept.push(task),
};

/** Runs what the actions left for after their answers (queued mail), in order. */
export async function afterAnswers(): Promise<void> {
  for (const task of kept.splice(0)) await task();
}
