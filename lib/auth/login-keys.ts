// The keys the sign-in derives from AUTH_SECRET, once per process: one for code hashes, one for device tokens.
import { env } from "@/lib/env";
import { deviceKey } from "./device-token";
import { codeKey } from "./otp";

let keys: { code: Buffer; device: Buffer } | undefined;

export const loginKeys = () => (keys ??= { code: codeKey(env().authSecret), device: deviceKey(env().authSecret) });
