import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TrackingView } from "@/components/delivery/tracking-view";
import { loadDeliveryDetails, loadParties } from "@/server/services/deliveries/delivery-details";
import { trackingLinkState } from "@/server/services/deliveries/delivery-view";
import { loadConfig } from "@/server/config";
import { processStore } from "@/server/store/process-store";
import { findDeliveryByToken } from "@/server/store/repositories/deliveries.repository";

export const metadata: Metadata = { title: "Track your delivery · Realtime Market", robots: { index: false } };

export default async function TrackPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db } = processStore();
  const delivery = await findDeliveryByToken(db, token);
  // HTTP 404 with ./not-found.tsx: an unknown link tells nothing more.
  if (!delivery) notFound();
  if (trackingLinkState(delivery, loadConfig().TRACKING_LINK_HOURS) === "complete") {
    const { shop } = await loadParties(db, delivery);
    return (
      <main className="mx-auto max-w-xl p-5">
        <section role="status" className="rounded-2xl border border-white/10 bg-zinc-900/60 p-6">
          <h1 className="text-xl font-bold">Order from {shop.name}</h1>
          <p className="mt-2 text-zinc-300">
            This delivery is complete{delivery.status === "cancelled" ? " (it was cancelled)" : ""}. The live map is no longer available.
          </p>
        </section>
      </main>
    );
  }
  // Rendered with the first details, so a phone shows the status before its socket is up; the
  // public view is the very one the tracking topic sends.
  const initial = await loadDeliveryDetails(db, delivery, "public");
  return (
    <main className="mx-auto max-w-6xl p-3 sm:p-5">
      <TrackingView token={token} initial={initial} />
    </main>
  );
}
