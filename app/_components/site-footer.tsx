/**
 * `contact` is the support contact (a server component); the global error page, a client component, has none, nor
 * does the operator console, which is `wide` like its pages.
 */
export function SiteFooter({ contact, wide = false }: { contact?: React.ReactNode; wide?: boolean }) {
  return (
    <footer className="mt-8 border-t border-brand-100 bg-brand-800 text-sm text-white">
      <div className={`mx-auto flex ${wide ? "max-w-7xl" : "max-w-4xl"} flex-col gap-2 px-4 py-5 sm:px-6`}>
        <p>IP加入電話 カスタマー・セルフケア・サービス</p>
        {contact}
        <p>
          <small>セルフケアID・パスワードは第三者に知られないよう大切に保管してください。</small>
        </p>
      </div>
    </footer>
  );
}
