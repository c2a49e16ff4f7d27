// Posting forms as a browser without JavaScript does, for the e2e tests and the benchmark: Next.js renders a
// server action's form with hidden fields naming the action; a plain post repeats them as multipart/form-data.

const entities: Record<string, string> = { "&quot;": '"', "&amp;": "&", "&#x27;": "'", "&lt;": "<", "&gt;": ">" };
const unescape = (value: string) => value.replace(/&(quot|amp|#x27|lt|gt);/g, (entity) => entities[entity]!);

/** The hidden fields (action reference, request token) of the form that holds an input named `field`. */
export function hiddenFields(html: string, field: string): Record<string, string> {
  return hiddenFieldsOfForm(html, `name="${field}"`);
}

/** The hidden fields of the form whose markup contains `marker` (a field, or its button's text). */
export function hiddenFieldsOfForm(html: string, marker: string): Record<string, string> {
  const form = html.split("<form").find((chunk) => chunk.split("</form>")[0]!.includes(marker));
  if (!form) throw new Error(`No form containing ${marker}`);
  const fields: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    fields[unescape(name!)] = unescape(value ?? "");
  }
  return fields;
}

const BOUNDARY = "----selfcare-form-boundary";
export const multipartType = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart/form-data body; values may be raw bytes (e.g. invalid UTF-8). */
export function multipart(fields: Record<string, string | Buffer>): Buffer {
  const parts = Object.entries(fields).flatMap(([name, value]) => [
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
    typeof value === "string" ? Buffer.from(value) : value,
    Buffer.from("\r\n"),
  ]);
  return Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}
