// Where an applied SIP password goes. The job only knows the Provisioner interface, so another target can be added.
import { kamailioProvisioner } from "./kamailio";
import type { Provisioner } from "./types";

export type { Provisioner, SipCredential } from "./types";

export function defaultProvisioner(): Provisioner {
  return kamailioProvisioner;
}
