import nodemailer from "nodemailer";
import type { Mailer } from "../domain/deps.ts";

/** The SMTP side of Mailer (nodemailer, one transport per process). */
export function createSmtpMailer(options: { url: string; from: string; replyAfterMs: number }): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(options.url);
  return {
    replyAfterMs: options.replyAfterMs,
    async send(mail) {
      await transport.sendMail({ from: options.from, ...mail });
    },
    close: () => transport.close(),
  };
}
