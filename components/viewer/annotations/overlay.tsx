"use client";
// The layer drawn above a shared page (the large view's frame, or the co-browse mirror): the marks
// that are still fading, the leader's live pointer and, for the leader, the tools. It lets the
// page underneath take clicks unless a tool is in hand.
import { useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import type { AnnotationShape, AnnotationSurface, PagePoint } from "@/lib/session-events";
import { belongsHere, isMeant, pathOf, rectOf, simplifyStroke, toOverlay, toPage, type OverlayGeometry } from "./geometry";
import type { LiveMark } from "./use-marks";

const TOOLS: { tool: AnnotationShape; label: string; hint: string }[] = [
  { tool: "pointer", label: "Point", hint: "Move to show your pointer; click to ping a spot." },
  { tool: "box", label: "Highlight", hint: "Drag a box around what matters." },
  { tool: "circle", label: "Circle", hint: "Draw a circle around it." },
];

const toolButton =
  "inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-600 max-sm:min-h-11 max-sm:px-3";

export function MarksOverlay({
  geom,
  surface,
  marks,
  pointer,
  canDraw,
  tool,
  onTool,
  onDraw,
  onPointer,
  error,
  onDismissError,
  announcement,
}: {
  geom: OverlayGeometry;
  surface: AnnotationSurface;
  marks: (LiveMark & { opacity: number })[];
  pointer: { x: number; y: number; url: string; name: string } | null;
  canDraw: boolean;
  tool: AnnotationShape | null;
  onTool: (t: AnnotationShape | null) => void;
  onDraw: (shape: AnnotationShape, points: PagePoint[]) => void;
  onPointer: (p: PagePoint | null) => void;
  error: string | null;
  onDismissError: () => void;
  announcement: string;
}) {
  const here = { surface, url: geom.url };
  const shown = marks.filter((m) => belongsHere(m.payload, here));
  const livePointer = pointer && belongsHere({ surface, url: pointer.url }, here) ? toOverlay(pointer, geom) : null;
  // The stroke being drawn, in page coordinates (the page may scroll under a long stroke).
  const [stroke, setStroke] = useState<PagePoint[] | null>(null);
  const layerRef = useRef<HTMLDivElement>(null);

  const pagePoint = (e: Pick<ReactPointerEvent, "clientX" | "clientY">) => {
    const r = layerRef.current!.getBoundingClientRect();
    return toPage({ x: e.clientX - r.left, y: e.clientY - r.top }, geom);
  };
  const finish = () => {
    if (!stroke || !tool) return setStroke(null);
    if (tool === "box" && stroke.length >= 2 && isMeant([stroke[0]!, stroke.at(-1)!], geom)) onDraw("box", [stroke[0]!, stroke.at(-1)!]);
    if (tool === "circle" && stroke.length >= 3 && isMeant(stroke, geom)) {
      const simple = simplifyStroke(stroke);
      if (simple.length >= 3) onDraw("circle", simple);
    }
    setStroke(null);
  };

  return (
    <div className="absolute inset-0 overflow-hidden" data-testid={`marks-${surface}`}>
      <svg className="pointer-events-none absolute inset-0 h-full w-full" aria-hidden>
        {shown.map((m) => (
          <Mark key={m.key} mark={m} geom={geom} />
        ))}
        {stroke && tool === "box" && stroke.length >= 2 ? (
          <BoxShape a={toOverlay(stroke[0]!, geom)} b={toOverlay(stroke.at(-1)!, geom)} opacity={0.8} />
        ) : null}
        {stroke && tool === "circle" ? <StrokeShape d={pathOf(stroke.map((p) => toOverlay(p, geom)))} opacity={0.8} /> : null}
        {livePointer ? (
          <g
            transform={`translate(${livePointer.x} ${livePointer.y})`}
            className="motion-safe:transition-transform motion-safe:duration-200"
            data-testid="leader-pointer"
          >
            <path d="M0 0 L0 18 L5 13.5 L8.5 21 L11.5 19.7 L8 12.5 L14 12.5 Z" fill="#e11d48" stroke="white" strokeWidth={1.5} />
            <text x={16} y={26} className="fill-rose-700 text-[11px] font-semibold" paintOrder="stroke" stroke="white" strokeWidth={3}>
              {pointer!.name}
            </text>
          </g>
        ) : null}
      </svg>
      {canDraw && tool ? (
        <div
          ref={layerRef}
          className="pointer-events-auto absolute inset-0 cursor-crosshair touch-none"
          data-testid={`marks-layer-${surface}`}
          aria-label={`Drawing: ${TOOLS.find((t) => t.tool === tool)?.hint ?? ""}`}
          onPointerDown={(e) => {
            if (tool === "pointer") return;
            e.currentTarget.setPointerCapture(e.pointerId);
            setStroke([pagePoint(e)]);
          }}
          onPointerMove={(e) => {
            const p = pagePoint(e);
            if (tool === "pointer") onPointer(p);
            else if (stroke) setStroke(tool === "box" ? [stroke[0]!, p] : [...stroke, p]);
          }}
          onPointerUp={finish}
          onPointerCancel={() => setStroke(null)}
          onPointerLeave={() => {
            if (tool === "pointer") onPointer(null);
          }}
          onClick={(e) => {
            if (tool === "pointer") onDraw("pointer", [pagePoint(e)]);
          }}
        />
      ) : null}
      {canDraw ? (
        <div
          role="toolbar"
          aria-label="Draw on the shared page"
          className="pointer-events-auto absolute top-2 left-2 flex max-w-[calc(100%-1rem)] flex-wrap items-center gap-1 rounded-lg border border-slate-200 bg-white/95 p-1 shadow-md"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setStroke(null);
              onTool(null);
            }
          }}
        >
          {TOOLS.map((t) => (
            <button
              key={t.tool}
              type="button"
              title={t.hint}
              aria-pressed={tool === t.tool}
              onClick={() => onTool(tool === t.tool ? null : t.tool)}
              className={`${toolButton} ${tool === t.tool ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              <ToolIcon tool={t.tool} />
              {t.label}
            </button>
          ))}
          {tool ? (
            <button type="button" onClick={() => onTool(null)} className={`${toolButton} text-slate-500 hover:bg-slate-100`}>
              Done
            </button>
          ) : null}
          {tool && geom.scrollKnown === false ? (
            <span className="px-1 text-[11px] text-slate-500">This site hides its scroll: marks sit where you see them in the frame.</span>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <div
          role="alert"
          className="pointer-events-auto absolute inset-x-2 bottom-2 flex items-center gap-2 rounded-lg bg-red-50 px-3 py-2 text-xs text-red-800 shadow"
        >
          <span className="min-w-0 flex-1">{error}</span>
          <button type="button" onClick={onDismissError} className="rounded px-2 py-0.5 font-medium hover:bg-red-100 max-sm:min-h-11">
            Dismiss
          </button>
        </div>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

export function Mark({ mark, geom }: { mark: LiveMark & { opacity: number }; geom: OverlayGeometry }) {
  const pts = mark.payload.points.map((p) => toOverlay(p, geom));
  if (mark.payload.shape === "box" && pts.length >= 2) return <BoxShape a={pts[0]!} b={pts[1]!} opacity={mark.opacity} />;
  if (mark.payload.shape === "circle") return <StrokeShape d={pathOf(pts)} opacity={mark.opacity} />;
  const p = pts[0];
  if (!p) return null;
  return (
    <g opacity={mark.opacity} data-mark="pointer">
      <circle cx={p.x} cy={p.y} r={16} fill="none" stroke="#e11d48" strokeWidth={3} className="motion-safe:animate-pulse" />
      <circle cx={p.x} cy={p.y} r={4} fill="#e11d48" />
    </g>
  );
}

function BoxShape({ a, b, opacity }: { a: PagePoint; b: PagePoint; opacity: number }) {
  const r = rectOf(a, b);
  return (
    <rect
      data-mark="box"
      x={r.x}
      y={r.y}
      width={r.w}
      height={r.h}
      rx={4}
      fill="rgba(250, 204, 21, 0.22)"
      stroke="#eab308"
      strokeWidth={3}
      opacity={opacity}
    />
  );
}

function StrokeShape({ d, opacity }: { d: string; opacity: number }) {
  return (
    <path
      data-mark="circle"
      d={d}
      fill="none"
      stroke="#e11d48"
      strokeWidth={4}
      strokeLinecap="round"
      strokeLinejoin="round"
      opacity={opacity}
    />
  );
}

function ToolIcon({ tool }: { tool: AnnotationShape }) {
  const common = {
    width: 14,
    height: 14,
    viewBox: "0 0 16 16",
    "aria-hidden": true,
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 1.6,
  } as const;
  if (tool === "pointer")
    return (
      <svg {...common}>
        <path d="M3 2 L3 13 L6 10 L8.5 14.5 L10.3 13.6 L8 9 L12 9 Z" fill="currentColor" stroke="none" />
      </svg>
    );
  if (tool === "box")
    return (
      <svg {...common}>
        <rect x={2} y={3} width={12} height={10} rx={1.5} />
      </svg>
    );
  return (
    <svg {...common}>
      <ellipse cx={8} cy={8} rx={6} ry={5} />
    </svg>
  );
}
