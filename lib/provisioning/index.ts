// Where an applied SIP password goes. The job only knows this interface, so another target can be added.
import type { Tx } from "@/db/client";
import { kamailioProvisioner } from "./kamailio";

export type SipCredential = { number: string; password: string; changeId: string };

export interface Provisioner {
  /**
   * Writes the credentials of a batch, all or none; runs inside the job's transaction so a failure leaves the
   * changes pending. The job retries a refused batch one credential at a time to find the one at fault.
   */
  apply(tx: Tx, credentials: SipCredential[]): Promise<void>;
}

export function defaultProvisioner(): Provisioner {
  return kamailioProvisioner;
}
