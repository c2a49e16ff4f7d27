// A keyset position (a time and an id) as a URL-safe token: the admin list and the customer's history page on.
// What comes back from a URL is checked like any other input: a malformed token means "from the start".
import { z } from "zod";

export type KeysetPosition = { at: Date; id: string };

export function encodeKeyset({ at, id }: KeysetPosition): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeKeyset(value: string | undefined): KeysetPosition | undefined {
  if (!value) return undefined;
  const [time, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const at = new Date(time ?? "");
  if (Number.isNaN(at.getTime()) || !z.uuid().safeParse(id).success) return undefined;
  return { at, id: id! };
}
