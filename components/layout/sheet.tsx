"use client";

import { useEffect, useRef } from "react";

/**
 * A modal bottom sheet (a centered card on wide screens) on the native <dialog>, which brings
 * the focus trap, Escape to close and the backdrop.
 */
export function Sheet({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onClose={onClose}
      onClick={(e) => e.target === ref.current && onClose()}
      className="m-0 mt-auto w-full max-w-none rounded-t-3xl border border-white/10 bg-zinc-900 p-0 text-zinc-50 backdrop:bg-black/60 sm:m-auto sm:max-w-md sm:rounded-3xl"
    >
      <div className="p-5 pb-[max(1.25rem,env(safe-area-inset-bottom))]">
        <div className="mb-4 flex items-center justify-between">
          <h2 className="text-lg font-semibold">{title}</h2>
          <button type="button" onClick={onClose} aria-label="Close" className="btn-ghost px-2 text-lg">
            ✕
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}
