// A list's `after`: the last item's key (external ID or number), opaque to the caller (base64url).

export const encodeAfter = (key: string) => Buffer.from(key, "utf8").toString("base64url");

/** The key, undefined for the first page, or false when `after` is not one this API gave out. */
export function decodeAfter(after: string | undefined, valid: (key: string) => boolean): string | undefined | false {
  if (after === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(after)) return false;
  const key = Buffer.from(after, "base64url").toString("utf8");
  return valid(key) ? key : false;
}
