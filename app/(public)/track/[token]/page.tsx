import type { Metadata } from "next";
import { TrackingView } from "@/components/delivery/tracking-view";
import { loadDeliveryDetails } from "@/server/services/deliveries/delivery-details";
import { processStore } from "@/server/store/process-store";
import { findDeliveryByToken } from "@/server/store/repositories/deliveries.repository";

export const metadata: Metadata = { title: "Track your delivery · Realtime Market", robots: { index: false } };

export default async function TrackPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Rendered with the first details, so a phone shows the status before its socket is up; the
  // public view is the very one the tracking topic sends.
  const { db } = processStore();
  const delivery = await findDeliveryByToken(db, token);
  const initial = delivery ? await loadDeliveryDetails(db, delivery, "public") : null;
  return (
    <main className="mx-auto max-w-6xl p-3 sm:p-5">
      <TrackingView token={token} initial={initial} />
    </main>
  );
}
