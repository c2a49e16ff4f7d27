import { policyRefusals } from "@/lib/calls/refusals";

/** 050 lines cannot reach the emergency numbers (the registrar refuses them): said wherever a customer plans calls. */
export function EmergencyNotice() {
  return (
    <p
      className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 text-sm font-bold text-amber-950"
      data-testid="emergency-notice"
    >
      {`${policyRefusals["Emergency Calls Unavailable"]}。緊急の際は、携帯電話や固定電話からおかけください。`}
    </p>
  );
}
