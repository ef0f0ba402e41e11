import nodemailer from "nodemailer";
import type { Mailer } from "../domain/deps.ts";

/** The SMTP side of Mailer (nodemailer, one transport per process). */
export function createSmtpMailer(options: { url: string; from: string; replyAfterMs: number }): Mailer & { close(): void } {
  // Bounded waits: an admin inviting someone waits for the send, and a dead server must not hold them for minutes.
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    replyAfterMs: options.replyAfterMs,
    async send(mail) {
      await transport.sendMail({ from: options.from, ...mail });
    },
    close: () => transport.close(),
  };
}
