"use client";

import { useActionState } from "react";
import { submit } from "./actions";

export function LoginForm() {
  const [state, action, pending] = useActionState(submit, { message: "" });
  return (
    <form action={action}>
      <label htmlFor="id">セルフケアID</label>
      <input id="id" name="id" />
      <label htmlFor="pw">セルフケアパスワード</label>
      <input id="pw" name="pw" type="password" />
      <button disabled={pending}>送信</button>
      <button type="reset">リセット</button>
      <p role="alert">{state.message}</p>
    </form>
  );
}
