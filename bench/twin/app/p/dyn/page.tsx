import { headers } from "next/headers";

export default async function DynamicPage() {
  const userAgent = (await headers()).get("user-agent") ?? "";
  return (
    <main>
      <h1>メニュー</h1>
      <p>{userAgent.length}</p>
    </main>
  );
}
