// Lines of the e2e journeys against the real call control, written straight into the portal's database: a line of
// the demo customer (who signs in to the portal with the demo password) with its SIP password (the digest hashes the
// registrar reads) and its 「国際電話の利用」.
import type postgres from "postgres";
import { demo } from "./fixtures";

/**
 * Line `number` of the demo customer, active, with `password` and international calling as `international` says;
 * an earlier one with the number, its credentials and its call records are replaced.
 */
export async function provisionLine(
  sql: postgres.Sql,
  {
    number,
    password,
    domain,
    international,
  }: { number: string; password: string; domain: string; international: boolean },
) {
  await sql.begin(async (tx) => {
    await tx`delete from ip_phone_lines where number = ${number}`;
    await tx`delete from sip_credentials where username = ${number}`;
    await tx`delete from acc where caller = ${number} or callee = ${number}`;
    await tx`delete from acc_cdrs where caller = ${number} or callee = ${number}`;
    // Turned on now, when on: the scheduled work's inactivity rule leaves it be.
    await tx`insert into ip_phone_lines (number, customer_id, service_kind, sip_password_hash, international_calling,
        international_changed_at)
      select ${number}, id, 'ip-phone', 'not-a-portal-password', ${international},
        case when ${international}::boolean then now() end
      from customers where self_care_id = ${demo.customer.id}`;
    await tx`insert into sip_credentials (username, domain, ha1, ha1b)
      values (${number}, ${domain}, md5(${`${number}:${domain}:${password}`}),
              md5(${`${number}@${domain}:${domain}:${password}`}))`;
  });
}
