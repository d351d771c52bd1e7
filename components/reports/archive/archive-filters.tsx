// The archive explorer's filters, placed inside the shared RangeForm (a GET form, so a search is a
// link to bookmark or share). Same small-label style as the range fields beside them.
export interface ArchiveFilterValues {
  q?: string;
  agent?: string;
  launcher?: string;
  scenario?: string;
  visitor?: string;
  outcome?: string;
}

type Option = { id: string; name: string };

const field = "mt-1 h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm";

function Choice({
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  name: string;
  label: string;
  value?: string;
  options: Option[];
  anyLabel: string;
}) {
  return (
    <label className="w-full text-sm sm:w-44">
      <span className="block text-xs font-medium text-slate-600">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={field}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ArchiveFilters({
  values,
  agents,
  launchers,
  scenarios,
  outcomes,
}: {
  values: ArchiveFilterValues;
  agents: Option[];
  launchers: Option[];
  scenarios: Option[];
  outcomes: { value: string; label: string }[];
}) {
  return (
    <>
      <label className="w-full text-sm sm:w-72">
        <span className="block text-xs font-medium text-slate-600">What was said</span>
        <input
          type="search"
          name="q"
          defaultValue={values.q ?? ""}
          maxLength={200}
          placeholder={'refund "blue kettle" -spam'}
          aria-describedby="archive-q-hint"
          className={field}
        />
      </label>
      <Choice name="agent" label="Agent" value={values.agent} options={agents} anyLabel="Any agent" />
      <Choice name="launcher" label="Launcher" value={values.launcher} options={launchers} anyLabel="Any launcher" />
      <Choice name="scenario" label="Scenario" value={values.scenario} options={scenarios} anyLabel="Any scenario" />
      <label className="w-full text-sm sm:w-44">
        <span className="block text-xs font-medium text-slate-600">Visitor name or email</span>
        <input type="text" name="visitor" defaultValue={values.visitor ?? ""} maxLength={100} autoComplete="off" className={field} />
      </label>
      <Choice
        name="outcome"
        label="Outcome"
        value={values.outcome}
        options={outcomes.map((o) => ({ id: o.value, name: o.label }))}
        anyLabel="Any outcome"
      />
      <p id="archive-q-hint" className="w-full text-xs text-slate-500">
        Words match whole words in the visitor&apos;s question and the room&apos;s chat; &quot;quotes&quot; for a phrase, OR between two
        words for either, -word to leave out.
      </p>
    </>
  );
}
