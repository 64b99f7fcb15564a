"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "@/lib/client/queries";

const SHOPPER_LINKS = [
  { href: "/", label: "Feed" },
  { href: "/chat", label: "Chat" },
  { href: "/orders", label: "Orders" },
];

/** The main links, plus the workplace of the viewer's role: their shop, their rides, operations. */
function useLinks() {
  const me = useMe().data;
  const links = [...SHOPPER_LINKS];
  if (me?.shops.length) links.push({ href: "/shop", label: "Shop" });
  if (me?.user.role === "courier") links.push({ href: "/deliveries", label: "Rides" });
  if (me?.user.role === "admin") links.push({ href: "/dashboard", label: "Ops" });
  return links;
}

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex min-w-0 items-center gap-0.5 overflow-x-auto">
      {useLinks().map(({ href, label }) => {
        const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`shrink-0 rounded-full px-2.5 py-1.5 text-sm font-medium transition focus-ring sm:px-3 ${
              active ? "bg-white/10 text-white" : "text-zinc-400 hover:text-white"
            }`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
