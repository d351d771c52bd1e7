"use client";
// The chat area under the viewer's large view and inside each agent-console pane: the room and
// sidebar tabs, the active conversation's lines, the prompter's suggestions under the room, and an
// input line: the viewer's Composer unless the caller renders its own (the console's MacroComposer) from `slot`.
import { useCallback, useState, type ReactNode, type RefObject } from "react";
import type { WireEvent } from "@/lib/session-events";
import { ChatTabs } from "./chat-tabs";
import { Composer } from "./composer";
import { ROOM, promptRecipient, useConversations } from "./conversations";
import { PromptSuggestions } from "./prompt-suggestions";
import { Transcript } from "./transcript";
import { LanguageBar, useLineTranslations } from "./translation";
import { draftKey } from "./use-drafts";
import { VisitorLeft } from "./wrap-up";
import type { SessionState } from "./use-session";
import { isInvisible } from "@/lib/roles";

export type ComposerSlot = {
  /** The draft's key (session and room or sidebar id): the composer keeps one draft per conversation. */
  conversation: string;
  disabled: boolean;
  draft: { id: string; text: string } | null;
  onSend: (text: string) => void;
  /** Typing is reported to the room only, and never by unseen staff. */
  onTyping: (text: string) => void;
  /** Undefined: the composer's own. */
  placeholder: string | undefined;
};

const noop = () => undefined;

export function ConversationArea({
  s,
  closed,
  inputRef,
  placeholder,
  renderComposer = (slot) => <Composer ref={inputRef} {...slot} />,
}: {
  s: SessionState;
  closed: boolean;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** The input line's placeholder when no state of the session asks for its own (the stage's). */
  placeholder?: string;
  renderComposer?: (slot: ComposerSlot) => ReactNode;
}) {
  const conversation = useConversations(s);
  const [draft, setDraft] = useState<{ id: string; text: string } | null>(null);
  const unseen = isInvisible(s.me.role);
  const inRoom = conversation.active === ROOM;
  // A line is sent under the role asked for, from the moment it was asked (the viewer is rebuilt
  // for it only after the server answers); while a barge-in is in flight room lines are held.
  const role = s.lineRole;
  // Others' lines in the reader's language; the visitor's question is their own line.
  const meId = s.me.id;
  const iAmVisitor = s.me.role === "VISITOR";
  const isMine = useCallback(
    (e: WireEvent) => (e.type === "session.started" ? iAmVisitor : e.actorParticipantId === meId),
    [meId, iAmVisitor],
  );
  const translation = useLineTranslations(s.sessionId, s.events, isMine);
  // Nobody is left to read the room once the visitor has gone: its input line closes.
  const mute = role === "MONITOR" || (s.roleChanging && role !== "AGENT") || s.visitorLeft;

  return (
    <>
      <ChatTabs
        tabs={conversation.tabs}
        active={conversation.active}
        onSelect={(id) => {
          // Typing shown to the room stops when the input line turns to a sidebar.
          if (id !== ROOM) s.reportTyping("");
          conversation.select(id);
        }}
        candidates={closed ? [] : conversation.candidates}
        mayChooseAll={conversation.mayChooseAll}
        busy={s.openingSidebar}
        onOpen={(ids) => s.openSidebar(ids, conversation.select)}
      />
      <LanguageBar t={translation} />
      {inRoom ? (
        <Transcript
          events={s.events}
          pending={s.pending}
          typing={s.typing}
          participants={s.participants}
          meId={s.me.id}
          onRetry={s.retry}
          translations={translation.translations}
        />
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-amber-200 bg-amber-50 px-3 py-1 text-xs text-amber-900">
            <p>
              {conversation.sidebarOpen ? "Private sidebar" : "Closed sidebar"}: only{" "}
              {new Intl.ListFormat("en", { type: "conjunction" }).format(
                conversation.sidebarPeople.map((p) => (p.id === s.me.id ? "you" : p.displayName)),
              )}{" "}
              see these lines.
            </p>
            {conversation.sidebarOpen && !closed ? (
              <button
                type="button"
                onClick={() => s.closeSidebar(conversation.active)}
                disabled={s.closingSidebar}
                className="rounded px-1.5 py-0.5 font-medium underline underline-offset-2 hover:bg-amber-100 disabled:opacity-60 max-sm:min-h-11"
              >
                Close for everyone
              </button>
            ) : null}
          </div>
          <Transcript
            events={conversation.sidebarLines}
            pending={[]}
            typing={{}}
            participants={conversation.sidebarPeople}
            meId={s.me.id}
            translations={translation.translations}
          />
        </>
      )}
      {!closed && (s.me.role === "PROMPTER" || s.events.some((e) => e.type === "prompt")) ? (
        // Hidden, not unmounted, in a sidebar: suggestions used or dismissed stay so on coming back.
        <div hidden={!inRoom}>
          <PromptSuggestions
            events={s.events}
            meId={s.me.id}
            iPrompt={s.me.role === "PROMPTER"}
            leaderName={promptRecipient(s)}
            onUse={(p) => {
              setDraft(p);
              inputRef.current?.focus();
            }}
          />
        </div>
      ) : null}
      {s.visitorLeft && !closed && inRoom ? <VisitorLeft sessionId={s.sessionId} canWrapUp={s.me.role === "AGENT"} /> : null}
      {renderComposer({
        conversation: draftKey(s.sessionId, conversation.active),
        disabled: closed || (inRoom && mute) || (!inRoom && !conversation.sidebarOpen),
        draft: inRoom ? draft : null,
        onSend: (text) => (!inRoom ? s.sendToSidebar(conversation.active, text) : role === "PROMPTER" ? s.sendPrompt(text) : s.send(text)),
        onTyping: inRoom && !unseen ? s.reportTyping : noop,
        placeholder: s.handoff
          ? "You are no longer in this session"
          : closed
            ? "The session has ended"
            : s.visitorLeft && inRoom
              ? "The visitor left"
              : !inRoom
                ? conversation.sidebarOpen
                  ? "Message the sidebar"
                  : "This sidebar is closed"
                : s.roleChanging && role === "AGENT"
                  ? "Joining the room… what you send goes out once you're in"
                  : role === "MONITOR"
                    ? "You are monitoring: switch to Prompt or Barge in to write"
                    : role === "PROMPTER"
                      ? "Suggest a line to the leader"
                      : placeholder,
      })}
    </>
  );
}
