// A line's life (docs/provisioning.md, "Line lifecycle"): active ⇄ suspended (for a reason), and any state →
// terminated, for good. Pure: what a requested state means for the line as it is.
import type { LineStatus, ServiceKind, SuspensionReason } from "@/db/enums";

type LineState = { status: LineStatus; suspensionReason: SuspensionReason | null; serviceKind: ServiceKind };

export type Transition =
  | { kind: "unchanged" }
  /** Only the service kind (or a suspension's reason) changes: the registrar sees nothing new. */
  | { kind: "update" }
  /** Out of the registrar's views, its registrations removed. */
  | { kind: "suspend" }
  /** Back into the registrar's views with the credentials it had. */
  | { kind: "resume" }
  /** Out for good: registrations and credentials removed, pending changes cancelled, the number quarantined. */
  | { kind: "terminate" }
  /** A terminated line stays terminated. */
  | { kind: "refused" };

export function lineTransition(current: LineState, requested: LineState): Transition {
  const same =
    current.status === requested.status &&
    current.suspensionReason === requested.suspensionReason &&
    current.serviceKind === requested.serviceKind;
  if (same) return { kind: "unchanged" };
  if (current.status === "terminated") return { kind: "refused" };
  if (requested.status === "terminated") return { kind: "terminate" };
  if (current.status === requested.status) return { kind: "update" };
  return requested.status === "suspended" ? { kind: "suspend" } : { kind: "resume" };
}

/** When a terminated line's number may go to another customer. */
export const quarantineEnds = ({ terminatedAt, quarantineMs }: { terminatedAt: Date; quarantineMs: number }) =>
  new Date(terminatedAt.getTime() + quarantineMs);
