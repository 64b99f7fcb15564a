import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Realtime Market",
  description: "Shop live: product reels, chat with shops, live delivery tracking.",
};

// Rendered per request, so every page's inline scripts carry the CSP nonce (server/http/security-headers.ts).
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#09090b" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="min-h-dvh bg-zinc-950 text-zinc-50 antialiased">{children}</body>
    </html>
  );
}
