import Link from "next/link";
import { signOut } from "@/auth";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { NavLinks } from "./nav-links";

interface HeaderUser {
  name?: string | null;
  username: string;
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="sticky top-0 z-40 h-14 border-b border-white/10 bg-zinc-950/85 backdrop-blur">
      <div className="mx-auto flex h-full max-w-6xl items-center gap-3 px-3 sm:px-5">
        <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight focus-ring">
          <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-gradient-to-br from-fuchsia-500 to-orange-400 text-sm font-black text-white">
            R
          </span>
          <span className="hidden sm:inline">Realtime Market</span>
        </Link>
        {user ? <NavLinks /> : null}
        <div className="ml-auto flex items-center gap-1.5">
          {user ? (
            <>
              <NotificationBell />
              <span className="hidden max-w-32 truncate px-2 text-sm text-zinc-400 md:inline" data-testid="signed-in-as">
                {user.name ?? user.username}
              </span>
              <form
                action={async () => {
                  "use server";
                  await signOut({ redirectTo: "/login" });
                }}
              >
                <button type="submit" className="btn-ghost text-sm">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/login" className="btn-primary text-sm">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
