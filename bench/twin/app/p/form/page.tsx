import { headers } from "next/headers";
import { LoginForm } from "./form";

export default async function FormPage() {
  await headers();
  return (
    <main>
      <h1>セルフケアログイン</h1>
      <LoginForm />
    </main>
  );
}
