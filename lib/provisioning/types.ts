// What provisioning takes and answers, whoever asks (the API, the CSV import, the console).
import type { LineStatus, ServiceKind, SuspensionReason } from "@/db/enums";
import type { CustomerBody, LineBody } from "@/lib/validation/provisioning";

/** Who made a write: the audit trail names them. */
export type ProvisioningActor =
  { kind: "api-key"; keyId: string; name: string } | { kind: "admin"; customerId: string } | { kind: "command-line" };

export type CustomerInput = CustomerBody & { externalId: string };
/**
 * `customerId`, when given, names the owner instead of `customerExternalId`: the console acts on lines of customers
 * made before provisioning (the demo's), who have no billing ID.
 */
export type LineInput = LineBody & { number: string; customerId?: string };

export type ProvisionedCustomer = {
  externalId: string;
  selfCareId: string;
  name: string;
  email: string;
  createdAt: Date;
  updatedAt: Date;
};

export type ProvisionedLine = {
  number: string;
  customerExternalId: string;
  serviceKind: ServiceKind;
  status: LineStatus;
  suspensionReason: SuspensionReason | null;
  statusChangedAt: Date;
  terminatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** One customer's outcome. `initialPassword` is in a creation's answer only, once. */
export type CustomerOutcome =
  | { kind: "created"; customer: ProvisionedCustomer; initialPassword: string }
  | { kind: "updated" | "unchanged"; customer: ProvisionedCustomer }
  | { kind: "conflict"; reason: "self-care-id-taken" | "duplicate-in-batch" };

/** One line's outcome. `sipPassword` is in a creation's answer only, once. */
export type LineOutcome =
  | { kind: "created"; line: ProvisionedLine; sipPassword: string }
  | { kind: "updated" | "unchanged"; line: ProvisionedLine }
  | {
      kind: "conflict";
      reason: "held-by-another-customer" | "in-quarantine" | "terminated" | "duplicate-in-batch";
      /** For `in-quarantine`: when the number is free again. */
      availableAt?: Date;
    }
  | { kind: "unknown-customer" };
