import { listCustomers } from "@/lib/provisioning/api/customers";
import { apiContext } from "../context";

export async function GET(request: Request) {
  return listCustomers(request, await apiContext());
}
