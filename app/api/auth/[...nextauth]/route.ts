// next-auth's endpoints; the proxy has already refused undecodable paths and oversized or cross-site posts.
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
