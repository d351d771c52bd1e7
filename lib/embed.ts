// The two ways a client puts a launcher on its site: a link, and the embed snippet.
export function launcherLink(origin: string, key: string): string {
  return `${origin}/l/${key}`;
}

export function embedSnippet(origin: string, key: string): string {
  return `<script src="${origin}/embed.js" data-launcher="${key}" async></script>`;
}
