// Where an applied SIP password goes. The job only knows this interface, so another target can be added.
import type { Tx } from "@/db/client";
import { kamailioProvisioner } from "./kamailio";

export type SipCredential = { number: string; password: string; changeId: string };

export interface Provisioner {
  /** Writes the credential; runs inside the job's transaction so a failure leaves the change pending. */
  apply(tx: Tx, credential: SipCredential): Promise<void>;
}

export function defaultProvisioner(): Provisioner {
  return kamailioProvisioner;
}
