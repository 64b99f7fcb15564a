import { auth } from "@/auth";
import { QueryProvider } from "@/components/layout/query-provider";
import { SiteHeader } from "@/components/layout/site-header";
import { Toaster } from "@/components/layout/toaster";
import { ConnectionBanner } from "@/components/realtime/connection-banner";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";

/** The signed-in marketplace: the session's socket, the header with the bell, toasts. */
export default async function MarketLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  return (
    <QueryProvider>
      <RealtimeProvider userId={session?.user?.id ?? null}>
        <SiteHeader user={session?.user ?? null} />
        <ConnectionBanner />
        {children}
        <Toaster />
      </RealtimeProvider>
    </QueryProvider>
  );
}
