import { after } from "next/server";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { sweepPreview } from "@/lib/maintenance";

/** In a preview deployment only: every page view may run the reflection job after answering (lib/maintenance.ts). */
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
