import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { OpsDashboard } from "@/components/dashboard/ops-dashboard";

export const metadata: Metadata = { title: "Operations · Realtime Market" };

export default async function DashboardPage() {
  const session = await auth();
  if (!session?.user) redirect("/login?callbackUrl=/dashboard");
  return (
    <main className="mx-auto max-w-6xl space-y-4 p-3 sm:p-5">
      <h1 className="text-2xl font-bold">Operations</h1>
      {session.user.role === "admin" ? (
        <OpsDashboard />
      ) : (
        <p role="alert" className="rounded-2xl border border-amber-400/30 bg-amber-950/40 p-4 text-amber-100">
          Admins only: this dashboard shows the live state of the socket server and is restricted to administrators.
        </p>
      )}
    </main>
  );
}
