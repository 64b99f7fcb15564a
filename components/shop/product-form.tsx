"use client";

import { useRef, useState } from "react";
import { POSTER_TYPES, VIDEO_TYPES } from "@/lib/api/products";
import { useCreateProduct } from "@/lib/client/shop";

const input = "w-full rounded-lg border border-white/15 bg-zinc-950 px-3 py-2 text-sm focus-ring";

/** New product: text fields plus a video and its poster, sent as one multipart upload; it starts as a draft. */
export function ProductForm({ shopId, onDone }: { shopId: string; onDone: () => void }) {
  const create = useCreateProduct(shopId);
  const formRef = useRef<HTMLFormElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setProblem(null);
    create.mutate(new FormData(e.currentTarget), {
      onSuccess: () => {
        formRef.current?.reset();
        onDone();
      },
      onError: (err) => setProblem(err.message),
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} aria-label="New product" className="grid gap-3 rounded-xl bg-white/5 p-3 sm:grid-cols-2">
      <label className="space-y-1 text-sm">
        <span>Name</span>
        <input name="name" required maxLength={120} className={input} />
      </label>
      <div className="grid grid-cols-[1fr_6rem] gap-2">
        <label className="space-y-1 text-sm">
          <span>Price</span>
          <input name="price" required type="number" min="0.01" step="0.01" inputMode="decimal" className={input} />
        </label>
        <label className="space-y-1 text-sm">
          <span>Currency</span>
          <input name="currency" defaultValue="USD" maxLength={3} pattern="[A-Za-z]{3}" className={input} />
        </label>
      </div>
      <label className="space-y-1 text-sm sm:col-span-2">
        <span>Description</span>
        <textarea name="description" rows={2} maxLength={2000} className={input} />
      </label>
      <label className="space-y-1 text-sm">
        <span>Video (MP4 or WebM, up to 20 MB)</span>
        <input name="video" required type="file" accept={VIDEO_TYPES.join(",")} className={`${input} file:mr-3 file:rounded-full file:border-0 file:bg-white/10 file:px-3 file:py-1 file:text-zinc-100`} />
      </label>
      <label className="space-y-1 text-sm">
        <span>Poster image (JPEG, PNG or WebP)</span>
        <input name="poster" required type="file" accept={POSTER_TYPES.join(",")} className={`${input} file:mr-3 file:rounded-full file:border-0 file:bg-white/10 file:px-3 file:py-1 file:text-zinc-100`} />
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={create.isPending} className="btn-primary text-sm">
          {create.isPending ? "Uploading…" : "Save draft"}
        </button>
        <button type="button" onClick={onDone} className="btn-ghost text-sm">
          Cancel
        </button>
        {problem ? (
          <p role="alert" className="text-sm text-red-300">
            {problem}
          </p>
        ) : null}
      </div>
    </form>
  );
}
