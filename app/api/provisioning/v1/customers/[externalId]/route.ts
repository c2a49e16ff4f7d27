import { getCustomer, putCustomer } from "@/lib/provisioning/api/customers";
import { apiContext } from "../../context";

type Params = { params: Promise<{ externalId: string }> };

export async function PUT(request: Request, { params }: Params) {
  return putCustomer(request, await apiContext(), (await params).externalId);
}

export async function GET(request: Request, { params }: Params) {
  return getCustomer(request, await apiContext(), (await params).externalId);
}
