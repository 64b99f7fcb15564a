"use client";

import Link from "next/link";
import { useToastStore } from "@/lib/client/toast-store";

export function Toaster() {
  const toasts = useToastStore((s) => s.toasts);
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-[60] flex flex-col items-center gap-2 px-3">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.tone === "error" ? "alert" : "status"}
          className={`pointer-events-auto flex max-w-md items-center gap-3 rounded-2xl px-4 py-3 text-sm shadow-2xl ring-1 ${
            t.tone === "error" ? "bg-red-950/95 text-red-100 ring-red-500/30" : "bg-zinc-800/95 text-zinc-50 ring-white/10"
          }`}
        >
          <span>{t.text}</span>
          {t.href ? (
            <Link href={t.href} className="font-semibold text-fuchsia-300 underline-offset-2 hover:underline focus-ring">
              {t.linkLabel ?? "View"}
            </Link>
          ) : null}
        </div>
      ))}
    </div>
  );
}
