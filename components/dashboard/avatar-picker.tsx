"use client";
// Pick an avatar from the gallery, upload one (PNG, JPEG, GIF or WebP up to 200 KB), or none.
// Uploading is for admins (scenarios.write); an agent choosing their own picks from the gallery.
import { useQuery } from "@tanstack/react-query";
import { useId, type ChangeEvent } from "react";
import { sentenceErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { useTRPC } from "@/lib/trpc";

const MAX_BYTES = 200 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new Error("Couldn't read the file."));
    r.readAsDataURL(file);
  });
}

export function AvatarPicker({
  orgId,
  label,
  value,
  onChange,
  upload: canUpload = true,
  disabled = false,
}: {
  orgId: string;
  label: string;
  value: string | null;
  onChange: (v: string | null) => void;
  upload?: boolean;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const name = useId();
  const gallery = useQuery(trpc.org.avatarGallery.queryOptions({ orgId }, { staleTime: Infinity }));
  const upload = useFormMutation(trpc.org.uploadAvatar.mutationOptions({ onSuccess: ({ url }) => onChange(url) }), {
    read: sentenceErrors,
  });
  const error = upload.errors.form;
  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    upload.reset();
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (!file) return;
    if (file.size > MAX_BYTES) return upload.fail("Pictures can be at most 200 KB.");
    upload.mutate({ orgId, base64: await readAsDataUrl(file) });
  }
  const options = [...(gallery.data ?? [])];
  if (value && !options.some((o) => o.path === value)) options.push({ path: value, label: "Uploaded picture" });
  const tile =
    "grid size-14 cursor-pointer place-items-center rounded-full ring-2 ring-transparent ring-offset-2 has-[:checked]:ring-brand-600 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600";
  return (
    <fieldset disabled={disabled}>
      <legend className="mb-2 text-sm font-medium text-slate-700">{label}</legend>
      <div className="flex flex-wrap items-center gap-3">
        <label className={`${tile} bg-slate-100 text-xs text-slate-500`}>
          <input type="radio" name={name} className="sr-only" checked={value === null} onChange={() => onChange(null)} />
          None
        </label>
        {options.map((o) => (
          <label key={o.path} className={tile} title={o.label}>
            <input
              type="radio"
              name={name}
              className="sr-only"
              checked={value === o.path}
              onChange={() => onChange(o.path)}
              aria-label={o.label}
            />
            {/* eslint-disable-next-line @next/next/no-img-element -- our gallery and the org's uploads */}
            <img src={o.path} alt="" className="size-14 rounded-full object-cover" />
          </label>
        ))}
        {canUpload ? (
          <label className="inline-flex h-10 cursor-pointer items-center rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600">
            {upload.isPending ? "Uploading…" : "Upload…"}
            <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" className="sr-only" onChange={(e) => void onFile(e)} />
          </label>
        ) : null}
      </div>
      {canUpload ? <p className="mt-1 text-xs text-slate-500">PNG, JPEG, GIF or WebP, up to 200 KB.</p> : null}
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
