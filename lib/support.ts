// The support contact as the pages, messages and emails state it: one sentence, one source (lib/env.ts).
import type { SupportContact } from "@/lib/env";

/** 「お困りの場合は、IP加入電話 サポートセンター（0120-000-050、受付時間 9:00～18:00）までお問い合わせください。」 */
export function supportSentence(support: SupportContact): string {
  return `お困りの場合は、${support.name}（電話 ${support.phone}、受付時間 ${support.hours}）までお問い合わせください。`;
}
