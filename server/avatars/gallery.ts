// Avatars an org can pick without uploading: SVG files we ship in public/avatars/. An avatar value
// stored on a scenario, launcher or page rule is either one of these paths or an uploaded image's
// path (/api/avatars/{id}, see ./upload.ts) — never an arbitrary URL typed into the dashboard.
import "server-only";

export const AVATAR_GALLERY = [
  { path: "/avatars/wave.svg", label: "Wave" },
  { path: "/avatars/headset.svg", label: "Headset" },
  { path: "/avatars/spark.svg", label: "Spark" },
  { path: "/avatars/leaf.svg", label: "Leaf" },
  { path: "/avatars/compass.svg", label: "Compass" },
] as const;

export const UPLOADED_AVATAR = /^\/api\/avatars\/[a-z0-9]{20,40}$/;

export function isGalleryAvatar(value: string): boolean {
  return AVATAR_GALLERY.some((a) => a.path === value);
}

/** Shape check only; whether an uploaded avatar belongs to the org is checked by the caller. */
export function avatarValueError(value: string): string | null {
  if (isGalleryAvatar(value) || UPLOADED_AVATAR.test(value)) return null;
  return "Pick an avatar from the gallery or upload one.";
}
