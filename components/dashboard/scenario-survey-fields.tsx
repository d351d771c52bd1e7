"use client";
// The scenario editor's satisfaction survey (docs/surveys.md): what the visitor is asked after the
// session, and whether they may add a comment.
import { Select } from "@/components/ui/fields";
import { SURVEY_COMMENT_MAX, SURVEY_KIND_LABELS, SURVEY_OPEN_DAYS } from "@/lib/survey-rules";
import type { Draft } from "./scenario-draft";
import { Checkbox } from "./ui";

export function ScenarioSurveyFields({ p, d, set }: { p: string; d: Draft; set: (patch: Partial<Draft>) => void }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Select
        id={`${p}-survey`}
        label="Satisfaction survey"
        value={d.survey}
        onChange={(e) => {
          const survey = e.currentTarget.value as Draft["survey"];
          set(survey === "OFF" ? { survey, surveyComment: false } : { survey });
        }}
        hint={`Asked when the session is over; open for ${SURVEY_OPEN_DAYS} days.`}
      >
        {Object.entries(SURVEY_KIND_LABELS).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </Select>
      <div className="sm:pt-7">
        <Checkbox
          id={`${p}-surveycomment`}
          label="Let visitors add a comment"
          hint={d.survey === "OFF" ? "Choose a survey first." : `Optional, up to ${SURVEY_COMMENT_MAX} characters.`}
          checked={d.surveyComment}
          disabled={d.survey === "OFF"}
          onChange={(v) => set({ surveyComment: v })}
        />
      </div>
    </div>
  );
}
