"use client";
// Picking a later time: a day and a half-hour slot, and an email for the link. Without JavaScript
// the times are UTC, labelled so; every time is offered and the server says if one has passed. With
// it, the days and times are the visitor's own, in their time zone (named), and hidden fields send
// the chosen instant in UTC (what the server books) and the zone (what the email is written in).
import { useActionState, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { slotDays, validTimeZone, zoneLabel } from "@/lib/slot-time";
import type { ScheduleState } from "@/server/entry/form-state";
import { FormAlert, Select, TextInput } from "@/components/ui/fields";

export type ScheduleDay = { value: string; label: string; times: string[] };

const noSubscribe = () => () => undefined;

const ALL_TIMES = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`);

export function ScheduleForm({
  action,
  days,
  slots,
  initial,
  cancelHref,
}: {
  action: (prev: ScheduleState, form: FormData) => Promise<ScheduleState>;
  /** UTC days, for the form as the server renders it. */
  days: ScheduleDay[];
  /** The bookable slot starts (ISO instants), for the visitor's own days and times. */
  slots: string[];
  initial: { email: string; name: string };
  cancelHref: string;
}) {
  const [state, formAction, pending] = useActionState<ScheduleState, FormData>(action, {
    fieldErrors: {},
    values: {},
  });
  const [day, setDay] = useState(state.values.day ?? days[0]?.value ?? "");
  const [time, setTime] = useState(state.values.time ?? days[0]?.times[0] ?? "");
  // False while rendering on the server and hydrating (so the HTML matches), true after.
  const mounted = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  const formRef = useRef<HTMLFormElement>(null);

  const bookable = useMemo(() => new Set(days.find((d) => d.value === day)?.times ?? []), [days, day]);

  useEffect(() => {
    const first = (["day", "time", "email"] as const).find((f) => state.fieldErrors[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#${first}`)?.focus();
  }, [state]);

  // The browser's zone once the page runs; until then (and without JavaScript) the UTC form.
  const zone = mounted ? validTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone) : null;
  const localZone = zone !== null && zone !== "UTC" ? zone : null;
  const localDays = useMemo(() => (localZone ? slotDays(slots, localZone, new Date()) : []), [localZone, slots]);
  const chosenIso = `${day}T${time}:00.000Z`;
  const localDay = localDays.find((d) => d.times.some((t) => t.value === chosenIso)) ?? localDays[0];
  const localIso = localDay?.times.some((t) => t.value === chosenIso) ? chosenIso : (localDay?.times[0]?.value ?? "");
  const choose = (iso: string) => {
    setDay(iso.slice(0, 10));
    setTime(iso.slice(11, 16));
  };

  return (
    <form ref={formRef} action={formAction} className="space-y-5" noValidate>
      {state.formError ? <FormAlert>{state.formError}</FormAlert> : null}
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">When</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {localZone && localDay ? (
            <>
              <Select
                id="day"
                label="Day"
                value={localDay.value}
                onChange={(e) => {
                  const next = localDays.find((d) => d.value === e.target.value);
                  const shown = localDay.times.find((t) => t.value === localIso)?.label;
                  const same = next?.times.find((t) => t.label === shown) ?? next?.times[0];
                  if (same) choose(same.value);
                }}
                error={state.fieldErrors.day}
              >
                {localDays.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </Select>
              <Select
                id="time"
                label={`Time (${zoneLabel(localZone)})`}
                value={localIso}
                onChange={(e) => choose(e.target.value)}
                error={state.fieldErrors.time}
              >
                {localDay.times.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </Select>
              <input type="hidden" name="day" value={localIso.slice(0, 10)} />
              <input type="hidden" name="time" value={localIso.slice(11, 16)} />
              <input type="hidden" name="tz" value={localZone} />
            </>
          ) : (
            <>
              <Select
                id="day"
                name="day"
                label="Day"
                value={day}
                onChange={(e) => {
                  const next = e.target.value;
                  setDay(next);
                  const times = days.find((d) => d.value === next)?.times ?? [];
                  if (!times.includes(time)) setTime(times[0] ?? "");
                }}
                error={state.fieldErrors.day}
              >
                {days.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </Select>
              <Select
                id="time"
                name="time"
                label="Time (UTC)"
                value={time}
                onChange={(e) => setTime(e.target.value)}
                error={state.fieldErrors.time}
              >
                {ALL_TIMES.map((t) => (
                  <option key={t} value={t} disabled={mounted && !bookable.has(t)}>
                    {t}
                  </option>
                ))}
              </Select>
            </>
          )}
        </div>
        <p className="min-h-5 text-sm text-slate-500" aria-live="polite">
          {localZone ? `Times are in your time zone (${zoneLabel(localZone)}).` : "Times are in UTC."} Sessions last about 30 minutes.
        </p>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">Where to send the link</legend>
        <TextInput
          id="email"
          name="email"
          type="email"
          label="Your email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
          defaultValue={state.values.email ?? initial.email}
          error={state.fieldErrors.email}
          hint="We'll send a link to join and a calendar invitation. Nothing else."
        />
        <TextInput
          id="name"
          name="name"
          label="Your name"
          optional
          autoComplete="name"
          maxLength={80}
          defaultValue={state.values.name ?? initial.name}
        />
      </fieldset>
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <a
          href={cancelHref}
          className="inline-flex min-h-11 items-center justify-center text-sm font-medium text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline sm:min-h-0"
        >
          Keep waiting instead
        </a>
        <button
          type="submit"
          disabled={pending}
          className="inline-flex h-12 items-center justify-center gap-2 rounded-xl bg-brand-600 px-6 text-base font-semibold text-white shadow-sm transition-colors hover:bg-brand-700 disabled:cursor-wait disabled:opacity-80"
        >
          {pending ? (
            <>
              <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />
              Booking…
            </>
          ) : (
            "Book this time"
          )}
        </button>
      </div>
    </form>
  );
}
