// The domain's closed lists. The pgEnums, zod enums and TypeScript types are all built from these; a leaf module,
// so the schema, the pure domain code and client components can share it.

/** The console's roles (lib/auth/permissions.ts says what each may do): read only, the support desk, everything. */
export const operatorRoles = ["viewer", "support", "admin"] as const;
export type OperatorRole = (typeof operatorRoles)[number];

export const roles = ["customer", ...operatorRoles] as const;
export type Role = (typeof roles)[number];
export const isOperatorRole = (role: Role): role is OperatorRole => role !== "customer";

/** The provider's three services; lib/changes/reflection.ts gives each its name and reflection rule. */
export const serviceKinds = ["ip-phone", "b2bua", "b2bua-opengate"] as const;
export type ServiceKind = (typeof serviceKinds)[number];

/**
 * A line's life (docs/provisioning.md): active; suspended (for a reason, and back to active); terminated, for good.
 * Only an active line is in the registrar's views.
 */
export const lineStatuses = ["active", "suspended", "terminated"] as const;
export type LineStatus = (typeof lineStatuses)[number];

/** Why a line is suspended: unpaid bills, fraud, the customer's own request, or the police's. */
export const suspensionReasons = ["non-payment", "fraud", "customer-request", "police-request"] as const;
export type SuspensionReason = (typeof suspensionReasons)[number];

/**
 * Why a line's 「国際電話の利用」 was turned off (docs/architecture.md, "Toll fraud"): its customer; an operator; the
 * scheduled work, after months without an international call; or the registrar's velocity rule, on a burst of
 * international attempts.
 */
export const internationalOffReasons = ["customer", "operator", "inactivity", "burst"] as const;
export type InternationalOffReason = (typeof internationalOffReasons)[number];

/**
 * What the registrar makes of a dialled number (deploy/kamailio/kamailio.cfg, route CLASSIFY_CALL), written with each
 * call record: a number of ours, a domestic number, an international one, a premium or special range, an emergency
 * number. `incoming` is a call from the carrier's gateway to one of our lines.
 */
export const callKinds = ["on-net", "domestic", "international", "premium", "emergency", "incoming"] as const;
export type CallKind = (typeof callKinds)[number];

/** What a provisioning API key may do: read, or read and write. */
export const apiKeyScopes = ["read", "write"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** What needs a second admin's approval (docs/operations.md): ending a line, applying a bulk import. */
export const approvalKinds = ["line-termination", "import-apply"] as const;
export type ApprovalKind = (typeof approvalKinds)[number];
export const approvalStatuses = ["pending", "approved", "rejected", "expired"] as const;

/** A console CSV import is checked (a dry run) first, then applied. */
export const importStatuses = ["checked", "applied"] as const;

/**
 * A change is pending until the job reflects it, a later change supersedes it, its customer cancels it, or it fails
 * for good.
 */
export const changeStatuses = ["pending", "reflected", "superseded", "cancelled", "failed"] as const;
export type ChangeStatus = (typeof changeStatuses)[number];

/**
 * How a change switches the line to its new password (docs/architecture.md, "Rotation"). Routine: the old password
 * keeps working until a device registers with the new one or the grace ends, so the phone is never off the air.
 * Emergency: the old password stops at the request and every registration of the line is removed.
 */
export const switchModes = ["routine", "emergency"] as const;
export type SwitchMode = (typeof switchModes)[number];

/**
 * Why the registrar refused a digest (drizzle/0007, 0008, 0017): the line's retired password (its own device, not
 * updated), the password of a change not yet reflected (its own device, set too early), a password that matches
 * nothing, no such line, or a number of ours whose line is suspended or terminated (the customer's own devices,
 * still trying: never counted against the whole source).
 */
export const authFailureClasses = ["previous", "early", "wrong", "unknown-user", "inactive"] as const;
export type AuthFailureClass = (typeof authFailureClasses)[number];

/** A ban of one (line, address) pair after wrong passwords, or of an address that tries many lines. */
export const banReasons = ["wrong-password", "scanner"] as const;
export type BanReason = (typeof banReasons)[number];

/** Statuses that still need someone (the job or an admin); the others are settled. */
export const openChangeStatuses = ["pending", "failed"] as const satisfies readonly ChangeStatus[];
export const isOpenStatus = (status: ChangeStatus) => (openChangeStatuses as readonly ChangeStatus[]).includes(status);

/** Every event the app records; a type not listed here fails the type check wherever it is written. */
export const auditTypes = [
  "login.failed",
  "login.throttled",
  "login.locked",
  "login.lockout",
  "login.password-ok",
  "login.succeeded",
  "login.passkey-required",
  "code.sent",
  "code.send-failed",
  "code.resent",
  "code.failed",
  "code.exhausted",
  "code.locked",
  "code.lockout",
  "code.verified",
  "signout",
  "change.requested",
  "change.superseded",
  "change.rejected",
  "change.throttled",
  "change.busy",
  "change.mail-failed",
  "change.cancelled",
  "change.reflected",
  "change.retry",
  "change.failed",
  "admin.reflect-now",
  "admin.retry",
  "admin.force-signout",
  "account.password-changed",
  "account.password-rejected",
  "account.password-throttled",
  "change.secret-wiped",
  "change.registration-reminded",
  "change.cut-off",
  "admin.ban-lifted",
  "line.stranger-notice",
  "line.stale-device-notice",
  "line.guess-flood-notice",
  "passkey.added",
  "passkey.removed",
  "passkey.removed-by-admin",
  "passkey.removed-recent",
  "passkey.sign-in-failed",
  "passkey.counter-regressed",
  "step-up.verified",
  "step-up.failed",
  "provisioning.customer-created",
  "provisioning.customer-updated",
  "line.provisioned",
  "line.updated",
  "line.suspended",
  "line.resumed",
  "line.terminated",
  "import.checked",
  "import.applied",
  "api-key.created",
  "api-key.revoked",
  "letter.printed",
  "letter.reissued",
  "operator.created",
  "operator.role-changed",
  "operator.disabled",
  "operator.enabled",
  "operator.code-fallback-changed",
  "approval.requested",
  "approval.approved",
  "approval.rejected",
  "approval.expired",
  "operator.viewed-customer",
  "operator.unlocked",
  "operator.email-changed",
  "international.enabled",
  "international.disabled",
  "international.burst",
  "international.idle-off",
] as const;
export type AuditType = (typeof auditTypes)[number];

/**
 * What proved the customer again for a high-risk action (lib/auth/step-up.ts): a passkey (phishing-resistant), or a
 * fresh emailed code where the customer has none or cannot use one (no JavaScript).
 */
export type StepUpFactor = "passkey" | "email-code";

/** What a WebAuthn challenge was issued for: adding a passkey, signing in with one, or a step-up. */
export type WebauthnPurpose = "register" | "sign-in" | "step-up";
