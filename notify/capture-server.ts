import { SMTPServer } from 'smtp-server';
import { simpleParser } from './parse-mail';

export interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  receivedAt: Date;
}

export interface MailCapture {
  port: number;
  messages: CapturedMail[];
  stop(): Promise<void>;
}

/** A local SMTP sink for development and tests: real SMTP on loopback, messages kept in memory. */
export async function startMailCapture(port = 0): Promise<MailCapture> {
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const parsed = simpleParser(Buffer.concat(chunks).toString('utf8'));
        messages.push({ ...parsed, to: session.envelope.rcptTo.map((r) => r.address), receivedAt: new Date() });
        if (messages.length > 10_000) messages.splice(0, messages.length - 10_000);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
