import { autolink } from "@/lib/urls";

/** Chat text with http(s) links made clickable; everything else rendered as text (React escapes it). */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {autolink(text).map((p, i) =>
        p.kind === "link" ? (
          <a key={i} href={p.href} target="_blank" rel="noopener noreferrer nofollow" className="break-all text-brand-700 underline">
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
