import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { rejectRequest } from "@/lib/request-guard";

export const { GET } = handlers;

/** next-auth reads the whole body; the same size and origin rules as the pages apply first. */
export async function POST(request: NextRequest) {
  return rejectRequest(request) ?? handlers.POST(request);
}
