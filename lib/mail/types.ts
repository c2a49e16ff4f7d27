// Shapes shared by the mail transports and templates.
export type MailMessage = { from: string; to: string; subject: string; html: string; text: string };
export type MailTransport = (message: MailMessage) => Promise<void>;

/** What a template gives: the subject and the React Email document, rendered to HTML and plain text by sendMail. */
export type MailContent = { to: string; subject: string; body: React.ReactElement };

export class MailError extends Error {
  override name = "MailError";
}
