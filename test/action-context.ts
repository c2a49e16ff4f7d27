// What a signed-in customer's action gets besides its input, in integration tests: the demo accounts' session version
// (set by demoDatabase after each seeding), and the work the action leaves for after its answer, kept until a test
// runs it.
import type { StepUpFactor } from "@/db/enums";
import type { Defer } from "@/lib/server/after-answer";

const kept: (() => Promise<unknown>)[] = [];

/** Signed in, and verified again moments ago with the emailed code (an emergency change needs that). */
export const signedIn: { sessionVersion: number; defer: Defer; stepUp: StepUpFactor | null } = {
  sessionVersion: 0,
  defer: (task) => void kept.push(task),
  stepUp: "email-code",
};

/** Runs what the actions left for after their answers (queued mail), in order. */
export async function afterAnswers(): Promise<void> {
  for (const task of kept.splice(0)) await task();
}
