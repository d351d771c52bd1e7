// Writing to the email outbox (EmailOutbox; a worker sends what is PENDING). The outbox row has no
// column for attachments yet, so an attachment travels at the end of `text` between two marker
// lines that a sender can cut out (`splitAttachments`) and attach; a reader of the raw text still
// sees a readable message followed by the file.
import "server-only";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient | Db;

export type EmailAttachment = { filename: string; contentType: string; content: string };

const BEGIN = "-----BEGIN ATTACHMENT";
const END = "-----END ATTACHMENT-----";

/** `text` followed by each attachment in a delimited section. */
export function withAttachments(text: string, attachments: readonly EmailAttachment[]): string {
  if (attachments.length === 0) return text;
  const sections = attachments.map((a) => {
    if (/[\r\n;]/.test(a.filename) || /[\r\n]/.test(a.contentType)) throw new Error("attachment name and type must be one line");
    return `${BEGIN} ${a.filename}; ${a.contentType}-----\r\n${a.content.replace(/\r?\n$/, "")}\r\n${END}`;
  });
  return `${text.replace(/\s+$/, "")}\n\n${sections.join("\n")}\n`;
}

/** The message text and its attachments, as `withAttachments` wrote them. */
export function splitAttachments(text: string): { text: string; attachments: EmailAttachment[] } {
  const attachments: EmailAttachment[] = [];
  const re = /-----BEGIN ATTACHMENT ([^;\r\n]+); ([^\r\n]+?)-----\r\n([\s\S]*?)\r\n-----END ATTACHMENT-----\n?/g;
  const body = text.replace(re, (_m, filename: string, contentType: string, content: string) => {
    attachments.push({ filename, contentType, content: `${content}\r\n` });
    return "";
  });
  return { text: body.replace(/\s+$/, "") + "\n", attachments };
}

export async function queueEmail(
  tx: Tx,
  input: {
    orgId: string | null;
    to: string;
    subject: string;
    text: string;
    html?: string;
    attachments?: EmailAttachment[];
  },
): Promise<{ id: string }> {
  return tx.emailOutbox.create({
    data: {
      orgId: input.orgId,
      to: input.to,
      subject: input.subject.replace(/[\r\n]+/g, " ").slice(0, 250),
      text: withAttachments(input.text, input.attachments ?? []),
      html: input.html ?? null,
    },
    select: { id: true },
  });
}

/** Escapes text for an HTML email body. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
