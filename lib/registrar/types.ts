// The contract between the reflection job and whatever stores SIP credentials for the call-control system.
import type { Tx } from "@/db/client";

export type SipCredential = { number: string; password: string; changeId: string };

export interface Provisioner {
  /**
   * Writes the credentials of a batch, all or none; runs inside the job's transaction so a failure leaves the
   * changes pending. The job retries a refused batch one credential at a time to find the one at fault.
   */
  apply(tx: Tx, credentials: SipCredential[]): Promise<void>;
}
