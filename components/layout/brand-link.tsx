import Link from "next/link";

/** The logo linking home; the name shows beside it unless `compact` (phones). */
export function BrandLink({ compact = false }: { compact?: boolean }) {
  return (
    <Link href="/" aria-label="Realtime Market home" className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight focus-ring">
      <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-gradient-to-br from-fuchsia-500 to-orange-400 text-sm font-black text-white">
        R
      </span>
      <span className={compact ? "hidden sm:inline" : undefined}>Realtime Market</span>
    </Link>
  );
}
