import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DomainError, ErrorCode } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { createTransport, type Transporter } from 'nodemailer';

/** A message to one recipient, as HTML with a plain-text alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** What the transport did with a message: its Message-ID, and the `.eml` file in development. */
export interface SentMail {
  messageId: string;
  file: string | null;
}

/**
 * Hands messages to the mail server, through nodemailer (an SMTP client is not what Paysession
 * exists for). With `SMTP_URL`, SMTP with bounded waits (`SMTP_TIMEOUT_MS`); without it outside
 * production, each message is written as an `.eml` file under `MAIL_OUTBOX_DIR` and logged, so a
 * laptop sees what a customer would get; in production without it, sending is refused.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { smtpUrl, outboxDir, from, timeoutMs } = config.mail;
    const defaults = { from };
    if (smtpUrl) {
      this.transporter = createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }, defaults);
    } else if (outboxDir) {
      // The message as the SMTP server would receive it, returned as a buffer to be written out.
      this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, defaults);
    } else {
      this.transporter = null;
    }
  }

  /** Where mail goes, for the log at start and for errors: `smtp://host:port`, a directory, or nothing. */
  get destination(): string {
    const { smtpUrl, outboxDir } = this.config.mail;
    if (smtpUrl) {
      const url = new URL(smtpUrl);
      return `${url.protocol}//${url.host}`;
    }
    return outboxDir ?? 'nowhere (SMTP_URL is not set)';
  }

  /**
   * Sends `message`; resolves once the mail server accepted it (or the file is written).
   * @throws DomainError MAIL_NOT_SENT when no mail server is configured, or it refused the
   *   message, or did not answer within SMTP_TIMEOUT_MS. The message says which, never how the
   *   server's name resolved.
   */
  async send(message: MailMessage): Promise<SentMail> {
    if (!this.transporter) throw new DomainError(ErrorCode.MAIL_NOT_SENT, 'Email is not configured on this server (SMTP_URL is not set)');
    let info: { messageId: string; message?: unknown };
    try {
      info = await this.transporter.sendMail(message);
    } catch (error) {
      this.logger.warn({ to: maskAddress(message.to), destination: this.destination, reason: (error as Error).message }, 'link email not sent');
      throw new DomainError(ErrorCode.MAIL_NOT_SENT, `The mail server did not accept the email (${mailFailure(error)}); try again later`);
    }
    if (!Buffer.isBuffer(info.message)) return { messageId: info.messageId, file: null };
    const dir = this.config.mail.outboxDir as string;
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
    await fs.writeFile(file, info.message);
    this.logger.log({ to: maskAddress(message.to), file }, `email written to ${file} (set SMTP_URL to send it)`);
    return { messageId: info.messageId, file };
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}

/** What a merchant may be told about a failure: its kind, not the server's internals. */
function mailFailure(error: unknown): string {
  const code = (error as { code?: string }).code;
  const responseCode = (error as { responseCode?: number }).responseCode;
  if (responseCode) return `it answered ${responseCode}`;
  if (code === 'ETIMEDOUT') return 'it did not answer in time';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS') return 'it could not be reached';
  if (code === 'EAUTH') return 'it refused our credentials';
  return 'it failed';
}

/** `jane.doe@example.com` → `j***@example.com`: enough to follow a log, not a list of addresses. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at > 0 ? `${address[0]}***${address.slice(at)}` : '***';
}
