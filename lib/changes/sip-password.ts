// The rules for a new IP phone (SIP) password, framework-free so the form's generator can use them too.

export const SIP_PASSWORD_LENGTH = 8;
/**
 * What the generator draws from: the allowed characters without the look-alikes l/1 and o/0, which are miserable to
 * read off a screen and key into a phone adapter. 32 symbols: eight of them carry 40 bits.
 */
export const SUGGESTION_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

// Passwords attackers try first against SIP registrars, plus the provider's own example style.
const COMMON = new Set([
  "password",
  "passw0rd",
  "p4ssw0rd",
  "abcd1234",
  "abc12345",
  "1234abcd",
  "a1b2c3d4",
  "1a2b3c4d",
  "1q2w3e4r",
  "q1w2e3r4",
  "qwertyui",
  "asdfghjk",
  "zxcvbnm1",
  "iloveyou",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "whatever",
  "trustno1",
  "letmein1",
  "changeme",
  "welcome1",
  "admin123",
  "phone123",
  "voip1234",
  "sip12345",
  "test1234",
  "pass1234",
  "user1234",
  "qwerty12",
  "aaaa1111",
]);

/** Each character one step from the last within its class: 12345678, 87654321, abcdefgh, hgfedcba. */
function isStraightSequence(password: string): boolean {
  for (const step of [1, -1]) {
    let straight = true;
    for (let i = 1; i < password.length && straight; i++) {
      const previous = password.charCodeAt(i - 1);
      const current = password.charCodeAt(i);
      const sameClass = /\d/.test(password[i - 1]!) === /\d/.test(password[i]!);
      straight = sameClass && current - previous === step;
    }
    if (straight) return true;
  }
  return false;
}

/** A short unit repeated: aaaaaaaa, abababab, 12341234. */
function isRepetition(password: string): boolean {
  return [1, 2, 4].some((unit) => password === password.slice(0, unit).repeat(password.length / unit));
}

/** The line's own digits: any eight consecutive digits of the number, forwards or backwards. */
function isFromNumber({ password, number }: { password: string; number: string | undefined }): boolean {
  if (!number || !/^\d+$/.test(password)) return false;
  const reversed = [...password].reverse().join("");
  return number.includes(password) || number.includes(reversed);
}

export type WeakReason = "repetition" | "sequence" | "number" | "common";

/** Why a well-formed password is still too easy to guess, or null. */
export function weakPasswordReason({ password, number }: { password: string; number?: string }): WeakReason | null {
  if (isRepetition(password)) return "repetition";
  if (isStraightSequence(password)) return "sequence";
  if (isFromNumber({ password, number })) return "number";
  if (COMMON.has(password)) return "common";
  return null;
}

/**
 * Eight characters drawn uniformly from SUGGESTION_ALPHABET (Web Crypto, in the browser or Node) that pass every
 * rule. 256 is a multiple of 32, so each byte maps to one symbol without bias; the only redraws are the rare weak
 * passwords, which keeps the suggestion at 40 bits less a fraction of a millionth.
 */
export function generateSipPassword(number?: string): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(SIP_PASSWORD_LENGTH));
    const password = [...bytes].map((byte) => SUGGESTION_ALPHABET[byte % SUGGESTION_ALPHABET.length]).join("");
    if (!weakPasswordReason({ password, number })) return password;
  }
}

/** Every rule the change form's validator enforces, as the form lists them before anything is sent. */
export const SIP_PASSWORD_RULES = [
  `半角英小文字（a～z）と数字（0～9）で${SIP_PASSWORD_LENGTH}文字`,
  "同じ文字や短い並びの繰り返しは使えません（例：aaaaaaaa、abababab）",
  "12345678 や abcdefgh のような連続した並びは使えません",
  "IP加入電話番号の数字をそのまま使ったものは使えません",
  "よく使われるパスワードは使えません",
  "現在のパスワードと同じものは使えません",
] as const;
