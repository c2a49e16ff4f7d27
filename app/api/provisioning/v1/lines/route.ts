import { listLines } from "@/lib/provisioning/api/lines";
import { apiContext } from "../context";

export async function GET(request: Request) {
  return listLines(request, await apiContext());
}
