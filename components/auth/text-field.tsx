import type { InputHTMLAttributes } from "react";

/** A labelled input of the sign-in and sign-up forms, with its hint or its refusal below it. */
export function TextField({
  label,
  name,
  hint,
  error,
  ...input
}: { label: string; name: string; hint?: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const noteId = `${name}-note`;
  const note = error ?? hint;
  return (
    <label className="block">
      <span className="text-sm font-medium text-zinc-300">{label}</span>
      <input
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? noteId : undefined}
        className={`mt-1 w-full rounded-xl border bg-white/5 px-4 py-3 outline-none transition focus:border-fuchsia-400 focus:ring-2 focus:ring-fuchsia-400/30 ${
          error ? "border-red-400/70" : "border-white/10"
        }`}
        {...input}
      />
      {note ? (
        <span id={noteId} role={error ? "alert" : undefined} className={`mt-1 block text-xs ${error ? "text-red-300" : "text-zinc-400"}`}>
          {note}
        </span>
      ) : null}
    </label>
  );
}
