// The two ways a client puts a launcher on its site: a link, and the embed snippet.
export function launcherLink(origin: string, key: string): string {
  return `${origin}/l/${key}`;
}

/**
 * The dashboard's Preview: relative, so it opens on the origin the member is signed in on; the
 * entry page honours ?preview=1 only for a member of the launcher's org.
 */
export function previewLink(key: string): string {
  return `/l/${encodeURIComponent(key)}?preview=1`;
}

export function embedSnippet(origin: string, key: string): string {
  return `<script src="${origin}/embed.js" data-launcher="${key}" async></script>`;
}
