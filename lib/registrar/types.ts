// The contract between the portal and whatever stores SIP credentials for the call-control system.
import type { Tx } from "@/db/client";

export type SipCredential = {
  number: string;
  password: string;
  changeId: string;
  /** A routine change: the password in force until now keeps working until then (the grace). Null: it stops now. */
  previousUntil: Date | null;
};

export interface Provisioner {
  /**
   * Writes the credentials of a batch, all or none; runs inside the job's transaction so a failure leaves the
   * changes pending. The job retries a refused batch one credential at a time to find the one at fault.
   */
  apply(tx: Tx, credentials: SipCredential[]): Promise<void>;
  /**
   * An emergency change's cut-off, inside the transaction that records the change: no password of the line works
   * and none of its devices stays registered. Returns how many registrations were removed.
   */
  cutOff(tx: Tx, line: { number: string; at: Date }): Promise<number>;
  /**
   * A change was requested (its new password) or cancelled (null): what the registrar may recognise, never accept,
   * until the reflection, inside the transaction that records it. Answers whether an emergency change has cut the
   * line off and no reflection has lifted it yet.
   */
  stagePending(tx: Tx, line: { number: string; password: string | null }): Promise<{ cutOff: boolean }>;
}
