// A keyset position (a time and an id) as a URL-safe token: the admin list, the customer's history page and the
// audit trails on.
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

function decodeParts(value: string | undefined) {
  if (!value) return undefined;
  const [time, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const at = new Date(time ?? "");
  const inRange = at.getTime() >= EARLIEST && at.getTime() < LATEST;
  return inRange ? { at, id: id ?? "" } : undefined;
}

export function decodeKeyset(value: string | undefined): KeysetPosition | undefined {
  const parts = decodeParts(value);
  return parts && z.uuid().safeParse(parts.id).success ? parts : undefined;
}

/** An audit event's position: its time and its serial id (the trails' pages). */
export type EventPosition = { at: Date; id: number };

export const encodeEventKeyset = ({ at, id }: EventPosition) => encodeKeyset({ at, id: String(id) });

export function decodeEventKeyset(value: string | undefined): EventPosition | undefined {
  const parts = decodeParts(value);
  if (!parts || !/^[1-9]\d{0,17}$/.test(parts.id)) return undefined;
  return { at: parts.at, id: Number(parts.id) };
}
