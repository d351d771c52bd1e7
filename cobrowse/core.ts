// What the rest of the bundle (cobrowse/forms.ts) builds on: the sharing tab's context and a
// registry for the agent's messages. Plugins register at import time; index.ts calls them.
import type { AgentToVisitor, VisitorToAgent } from "../lib/cobrowse";

export type CobrowseContext = {
  /** Sends to the agents' mirrors (paced and chunked). */
  send: (msg: VisitorToAgent) => void;
  /** The rrweb node for a mirror id (null if gone), as the agent's mirror names it. */
  nodeOf: (nodeId: number) => Node | null;
  /** True for a field or text the visitor's browser keeps hidden (docs/cobrowse.md "Masking"). */
  isMasked: (el: Element) => boolean;
  /** The visitor allowed the agent to scroll and follow links. */
  control: () => boolean;
  agentName: string;
  /** A shadow-root host for the plugin's own UI, outside what is recorded. */
  uiRoot: () => ShadowRoot;
  /** POSTs `body` with the tab's current token to our `path` (e.g. /api/cobrowse/form); failures are dropped. */
  post: (path: string, body: Record<string, unknown>) => void;
};

export type CobrowsePlugin = {
  /** Answers the message and returns true, or returns false to let others try. */
  onAgentMessage?: (msg: AgentToVisitor, ctx: CobrowseContext) => boolean;
  onStart?: (ctx: CobrowseContext) => void;
  onStop?: () => void;
};

const registry: CobrowsePlugin[] = [];

export function registerPlugin(p: CobrowsePlugin): void {
  registry.push(p);
}

export function plugins(): readonly CobrowsePlugin[] {
  return registry;
}
