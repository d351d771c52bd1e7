// A still picture of a live session, drawn with markup (no screenshot to go stale): the led page on
// top, then the chat with the visitor's line arriving as it is typed.
export function SessionPreview() {
  return (
    <figure className="relative mx-auto w-full max-w-xl">
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-xl shadow-slate-900/10">
        <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-2">
          <span aria-hidden className="flex gap-1">
            <span className="size-2.5 rounded-full bg-slate-300" />
            <span className="size-2.5 rounded-full bg-slate-300" />
            <span className="size-2.5 rounded-full bg-slate-300" />
          </span>
          <span className="ml-1 flex min-w-0 flex-1 items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-slate-500">
            <span className="shrink-0 rounded bg-brand-50 px-1.5 py-0.5 font-semibold text-brand-700">Leading</span>
            <span className="truncate">shop.example.com/plans/team</span>
          </span>
        </div>
        <div className="grid gap-3 bg-gradient-to-b from-brand-50 to-white p-4">
          <div className="rounded-xl border border-slate-200 bg-white p-3">
            <div className="h-2.5 w-1/3 rounded bg-slate-200" />
            <div className="mt-3 grid grid-cols-3 gap-2">
              <div className="h-14 rounded-lg bg-slate-100" />
              <div className="h-14 rounded-lg bg-brand-100 ring-2 ring-brand-500" />
              <div className="h-14 rounded-lg bg-slate-100" />
            </div>
          </div>
          <ol className="space-y-2 text-sm" aria-label="Chat">
            <li className="flex gap-2">
              <span
                aria-hidden
                className="grid size-7 shrink-0 place-items-center rounded-full bg-brand-600 text-xs font-semibold text-white"
              >
                M
              </span>
              <p className="rounded-2xl rounded-tl-sm bg-slate-100 px-3 py-2 text-slate-800">
                <span className="sr-only">Maya, agent: </span>This is the team plan I mentioned — see the highlighted column.
              </p>
            </li>
            <li className="flex flex-row-reverse gap-2">
              <span
                aria-hidden
                className="grid size-7 shrink-0 place-items-center rounded-full bg-amber-500 text-xs font-semibold text-white"
              >
                G
              </span>
              <p className="rounded-2xl rounded-tr-sm bg-brand-600 px-3 py-2 text-white">
                <span className="sr-only">Grace, visitor: </span>Perfect. Does it include
                <span aria-hidden className="ml-0.5 inline-block h-4 w-0.5 translate-y-0.5 animate-pulse bg-white" />
              </p>
            </li>
          </ol>
          <p className="text-xs text-slate-500">Grace is typing: “Perfect. Does it include”</p>
        </div>
      </div>
      <figcaption className="sr-only">
        A live session: the agent leads the visitor to a plans page while both chat, and each sees the other type.
      </figcaption>
    </figure>
  );
}
