import type { Metadata } from "next";
import { TrackingView } from "@/components/delivery/tracking-view";

export const metadata: Metadata = { title: "Track your delivery · Realtime Market", robots: { index: false } };

export default async function TrackPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <main className="mx-auto max-w-6xl p-3 sm:p-5">
      <TrackingView token={token} />
    </main>
  );
}
