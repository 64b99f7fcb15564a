import type { Metadata, Viewport } from "next";
import { auth } from "@/auth";
import { SiteHeader } from "@/components/layout/site-header";
import { Toaster } from "@/components/layout/toaster";
import { ConnectionBanner } from "@/components/realtime/connection-banner";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: "Realtime Market",
  description: "Shop live: product reels, chat with shops, live delivery tracking.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#09090b" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  return (
    <html lang="en" className="dark">
      <body className="min-h-dvh bg-zinc-950 text-zinc-50 antialiased">
        <RealtimeProvider userId={session?.user?.id ?? null}>
          <SiteHeader user={session?.user ?? null} />
          <ConnectionBanner />
          {children}
          <Toaster />
        </RealtimeProvider>
      </body>
    </html>
  );
}
