import { env } from "@/lib/env";
import { supportSentence } from "@/lib/support";
import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";

const styles = {
  body: {
    backgroundColor: "#f5f7fa",
    fontFamily:
      "'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', YuGothic, 'Noto Sans CJK JP', Meiryo, sans-serif",
    color: "#1c2430",
  },
  container: {
    backgroundColor: "#ffffff",
    margin: "24px auto",
    padding: "24px",
    maxWidth: "560px",
    borderTop: "4px solid #1d5fa8",
  },
  brand: { fontSize: "13px", color: "#4a5563", margin: "0 0 16px" },
  footer: { fontSize: "12px", color: "#4a5563" },
};

/** The frame every portal email shares: brand line, content, and a footer saying it was sent automatically. */
export function MailLayout({ preview, children }: { preview: string; children: React.ReactNode }) {
  return (
    <Html lang="ja">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>IP加入電話 カスタマー・セルフケア・サービス</Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={styles.footer}>
            このメールは送信専用アドレスから自動で送信しています。ご返信いただいてもお答えできません。
          </Text>
          <Text style={styles.footer}>{supportSentence(env().support)}</Text>
        </Container>
      </Body>
    </Html>
  );
}
