/** Links to the same page in each of the user's organizations; nothing when there is only one. */
export function OrgSwitcher({
  path,
  memberships,
  currentId,
}: {
  path: string;
  memberships: { id: string; org: { id: string; name: string } }[];
  currentId: string;
}) {
  if (memberships.length < 2) return null;
  return (
    <nav aria-label="Organizations" className="mt-4 flex flex-wrap gap-2">
      {memberships.map((m) => (
        <a
          key={m.id}
          href={`${path}?org=${m.org.id}`}
          aria-current={m.id === currentId ? "page" : undefined}
          className="rounded-full border border-slate-300 px-3 py-1 text-sm aria-[current=page]:border-brand-600 aria-[current=page]:bg-brand-50"
        >
          {m.org.name}
        </a>
      ))}
    </nav>
  );
}
