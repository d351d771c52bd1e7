import { ChatIcon } from "./icons";

/** Page rules and launchers may name an image URL; gallery keys (no URL) get the default picture. */
function imageUrl(avatar: string | null): string | null {
  if (!avatar) return null;
  return /^https:\/\//i.test(avatar) || /^\/[^/]/.test(avatar) ? avatar : null;
}

export function EntryAvatar({ avatarUrl, size = "md" }: { avatarUrl: string | null; size?: "md" | "lg" }) {
  const src = imageUrl(avatarUrl);
  const box = size === "lg" ? "size-16" : "size-14";
  if (src) {
    return (
      // A client's own image on any host: next/image would need every host configured.
      // eslint-disable-next-line @next/next/no-img-element
      <img src={src} alt="" className={`${box} shrink-0 rounded-full object-cover shadow-sm ring-4 ring-brand-50`} />
    );
  }
  return (
    <div aria-hidden className={`${box} grid shrink-0 place-items-center rounded-full bg-brand-50 text-brand-700 ring-4 ring-white`}>
      <ChatIcon className="size-7" />
    </div>
  );
}
