// What the visitor pages' forms get back from their server actions (shared by the actions and the
// client components that render them; no server code in here).
import "server-only";

export type PreChatField = "question" | "name" | "email" | "code";

export type PreChatState = {
  fieldErrors: Partial<Record<PreChatField, string>>;
  formError?: string;
  signInRequired?: boolean;
  expired?: boolean;
  values: Partial<Record<PreChatField, string>>;
};

export type ScheduleField = "day" | "time" | "email" | "name";

export type ScheduleState = {
  fieldErrors: Partial<Record<ScheduleField, string>>;
  formError?: string;
  values: Partial<Record<ScheduleField, string>>;
};

export type StartScheduledState = { formError?: string };
