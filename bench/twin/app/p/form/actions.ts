"use server";

export async function submit(_previous: { message: string }, data: FormData) {
  return { message: String(data.get("id") ?? "").length > 0 ? "正しくありません" : "入力してください" };
}
