import { getLine, putLine } from "@/lib/provisioning/api/lines";
import { apiContext } from "../../context";

type Params = { params: Promise<{ number: string }> };

export async function PUT(request: Request, { params }: Params) {
  return putLine(request, await apiContext(), (await params).number);
}

export async function GET(request: Request, { params }: Params) {
  return getLine(request, await apiContext(), (await params).number);
}
