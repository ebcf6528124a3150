import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Stable per event, so a mail resent after a crash can be recognised as the same message. */
  messageId: string;
}

/** Notification channel interface: SMTP today; push or WhatsApp can implement the same shape later. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${mail.messageId}@usulan.local>` });
    },
    close: () => transport.close(),
  };
}
