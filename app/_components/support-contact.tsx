import { env } from "@/lib/env";
import { supportSentence } from "@/lib/support";

/** Who to call when stuck, with the support page when there is one. */
export function SupportContact({ className }: { className?: string }) {
  const { support } = env();
  return (
    <p className={className} data-testid="support-contact">
      {supportSentence(support)}
      {support.url && (
        <>
          詳しくは
          <a href={support.url} className="underline">
            サポートページ
          </a>
          をご覧ください。
        </>
      )}
    </p>
  );
}
