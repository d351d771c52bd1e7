// The survey's rules in one place (docs/surveys.md): who may answer, until when, and what a valid
// answer is for each scale. Pure, so the viewer and the server judge an answer the same way.
import type { SurveyKind } from "@/server/generated/prisma/enums";

/** The survey stays open this long after the visitor's seat closed (they left, or the session ended). */
export const SURVEY_OPEN_DAYS = 7;
export const SURVEY_COMMENT_MAX = 1000;

export type SurveyScale = Exclude<SurveyKind, "OFF">;
/** What the visitor chose: 1-5 stars, or a thumb. */
export type SurveyValue = number | "UP" | "DOWN";

export const SURVEY_KIND_LABELS: Record<SurveyKind, string> = {
  OFF: "No survey",
  STARS: "1 to 5 stars",
  THUMBS: "Thumbs up or down",
};

/**
 * The normalized rating reports average (stars 1-5, thumbs 1 up / 0 down) and the raw value kept
 * beside it, or the sentence saying why the value does not fit the scale.
 */
export function normalizeAnswer(scale: SurveyScale, value: SurveyValue): { rating: number; value: string } | { error: string } {
  if (scale === "STARS") {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 5) return { error: "Choose from 1 to 5 stars." };
    return { rating: value, value: String(value) };
  }
  if (value !== "UP" && value !== "DOWN") return { error: "Choose thumbs up or thumbs down." };
  return { rating: value === "UP" ? 1 : 0, value };
}

/** When the survey closes for a seat, or null while the seat is still live in a live session (not open yet). */
export function surveyClosesAt(seat: { leftAt: Date | null }, session: { status: string; endedAt: Date | null }): Date | null {
  const closedAt = seat.leftAt ?? (session.status === "ENDED" ? session.endedAt : null);
  return closedAt ? new Date(closedAt.getTime() + SURVEY_OPEN_DAYS * 86_400_000) : null;
}

/** How one answer reads to people: "4 of 5 stars", "Thumbs up". */
export function ratingLabel(scale: SurveyScale, rating: number): string {
  if (scale === "STARS") return `${rating} of 5 stars`;
  return rating === 1 ? "Thumbs up" : "Thumbs down";
}

/** A session's or an agent's answers in a few characters: "4/5 ★", "4.5/5 ★ (2)", "Thumbs up", "67% up (3)"; "–" for none. */
export function ratingSummary(scale: SurveyScale | null, average: number | null, count: number): string {
  if (!scale || average === null || count === 0) return "–";
  if (scale === "STARS") return count === 1 ? `${average}/5 ★` : `${average.toFixed(1)}/5 ★ (${count})`;
  return count === 1 ? (average >= 1 ? "Thumbs up" : "Thumbs down") : `${Math.round(average * 100)}% up (${count})`;
}
