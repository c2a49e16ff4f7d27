// A keyset position (a time and an id) as a URL-safe token: the admin list and the customer's history page on.
// What comes back from a URL is checked like any other input: a malformed token, or one whose time no change can have
// (outside 2000 to 2100: year 0, negative years and +10000 parse in JavaScript, and PostgreSQL refuses some), means
// "from the start".
import { z } from "zod";

export type KeysetPosition = { at: Date; id: string };

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2101, 0, 1);

export function encodeKeyset({ at, id }: KeysetPosition): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeKeyset(value: string | undefined): KeysetPosition | undefined {
  if (!value) return undefined;
  const [time, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const at = new Date(time ?? "");
  const inRange = at.getTime() >= EARLIEST && at.getTime() < LATEST;
  if (!inRange || !z.uuid().safeParse(id).success) return undefined;
  return { at, id: id! };
}
