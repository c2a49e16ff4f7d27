import { after } from "next/server";
import { now } from "@/lib/server/clock";
import { env } from "@/lib/env";
import { log } from "@/lib/server/log";
import { sweepPreview } from "@/lib/server/scheduled-work";

/** In a preview deployment only: every page view may run the reflection job after answering (lib/server/scheduled-work.ts). */
export function PreviewSweep() {
  if (env().mode !== "preview") return null;
  const at = now();
  after(() =>
    sweepPreview(at).catch((error: unknown) =>
      log.error({ event: "reflect.preview-sweep-failed", err: error }, "the preview's reflection sweep failed"),
    ),
  );
  return null;
}
