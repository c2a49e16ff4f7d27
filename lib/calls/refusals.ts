// The registrar's refusals of an outgoing call by its outbound policy (deploy/kamailio/kamailio.cfg, route
// OUTBOUND_POLICY): each is answered 403 with one of these reason phrases, and filed with it in the call records
// (acc.sip_reason). The history pages say them in Japanese from here; lib/registrar/kamailio-config.test.ts checks the
// config uses exactly these phrases.
export const policyRefusals = {
  "International Calls Off": "国際電話の利用がオフのため発信できませんでした",
  "International Calls Stopped": "短時間に国際発信が続いたため、国際電話の利用を自動でオフにしました",
  "Number Not Allowed": "発信できない番号です（0570・0990・0180・0067など）",
  "Emergency Calls Unavailable": "050番号から緊急通報（110・118・119）はできません",
  "Too Many Calls": "同時に発信できる通話数の上限を超えました",
  "Too Many International Calls": "同時に発信できる国際通話数の上限を超えました",
} as const;
export type PolicyRefusal = keyof typeof policyRefusals;

export const isPolicyRefusal = (reason: string): reason is PolicyRefusal => Object.hasOwn(policyRefusals, reason);
