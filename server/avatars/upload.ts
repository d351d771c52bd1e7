// Uploaded avatars live in the database (AvatarImage), not on the web server's disk: every web
// process sees them, backups include them, and nothing a user uploads ever becomes a file we serve
// by name. The type is decided from the first bytes (PNG, JPEG, GIF, WebP); SVG is refused because
// it can carry script. app/api/avatars/[id] serves the bytes with the detected type and nosniff.
import "server-only";
import type { Db } from "../db";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { UPLOADED_AVATAR, avatarValueError } from "./gallery";

export const MAX_AVATAR_BYTES = 200 * 1024;

/** The image type the bytes actually are, or null. */
export function sniffImageType(bytes: Uint8Array): "image/png" | "image/jpeg" | "image/gif" | "image/webp" | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "image/gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export async function uploadAvatar(input: { orgId: string; base64: string }) {
  const clean = input.base64.replace(/^data:[^,]*,/, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new AppError("BAD_REQUEST", "That upload is not a picture.");
  const bytes = Buffer.from(clean, "base64");
  if (bytes.length === 0) throw new AppError("BAD_REQUEST", "The file is empty.");
  if (bytes.length > MAX_AVATAR_BYTES) throw new AppError("BAD_REQUEST", `Pictures can be at most ${MAX_AVATAR_BYTES / 1024} KB.`);
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new AppError("BAD_REQUEST", "Upload a PNG, JPEG, GIF or WebP picture.");
  const row = await db.avatarImage.create({
    data: { orgId: input.orgId, contentType, bytes },
    select: { id: true },
  });
  return { url: `/api/avatars/${row.id}` };
}

export async function readAvatar(id: string) {
  if (!/^[a-z0-9]{20,40}$/.test(id)) return null;
  return db.avatarImage.findUnique({ where: { id }, select: { contentType: true, bytes: true } });
}

/** An avatar value for `orgId`: a gallery picture, or an upload of this org. Null passes through. */
export async function checkAvatar(tx: Prisma.TransactionClient | Db, orgId: string, value: string | null | undefined, field: string) {
  if (value === null || value === undefined) return value;
  const problem = avatarValueError(value);
  if (problem) throw new AppError("BAD_REQUEST", problem, { field });
  if (UPLOADED_AVATAR.test(value)) {
    const id = value.split("/").pop()!;
    const own = await tx.avatarImage.findFirst({ where: { id, orgId }, select: { id: true } });
    if (!own) throw notFound("Avatar");
  }
  return value;
}
