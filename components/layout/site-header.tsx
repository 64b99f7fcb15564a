import Link from "next/link";
import { signOut } from "@/auth";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { BrandLink } from "./brand-link";
import { Icon } from "./icon";
import { NavLinks } from "./nav-links";

interface HeaderUser {
  name?: string | null;
  username: string;
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="sticky top-0 z-40 h-14 border-b border-white/10 bg-zinc-950/85 backdrop-blur">
      <div className="mx-auto flex h-full max-w-6xl items-center gap-3 px-3 sm:px-5">
        <BrandLink compact />
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
                {/* An icon on phones, where the header has room for the role's links instead. */}
                <button type="submit" aria-label="Sign out" className="btn-ghost text-sm">
                  <Icon name="logout" className="size-5 sm:hidden" />
                  <span className="hidden sm:inline">Sign out</span>
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
