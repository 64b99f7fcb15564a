import Link from "next/link";
import { BrandLink } from "@/components/layout/brand-link";
import { ConnectionBanner } from "@/components/realtime/connection-banner";
import { PublicRealtimeProvider } from "@/components/realtime/realtime-provider";

/**
 * Pages for people without an account (the tracking link): an anonymous socket and a bare header,
 * without the session, bell and toasts, so a phone on a slow network loads little.
 */
export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <PublicRealtimeProvider>
      <header className="sticky top-0 z-40 h-14 border-b border-white/10 bg-zinc-950/85">
        <div className="mx-auto flex h-full max-w-6xl items-center gap-3 px-3 sm:px-5">
          <BrandLink />
          <Link href="/login" className="btn-primary ml-auto text-sm">
            Sign in
          </Link>
        </div>
      </header>
      <ConnectionBanner />
      {children}
    </PublicRealtimeProvider>
  );
}
