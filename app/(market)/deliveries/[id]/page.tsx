import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { DeliveryView } from "@/components/delivery/delivery-view";

export const metadata: Metadata = { title: "Delivery · Realtime Market" };

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await auth())?.user) redirect(`/login?callbackUrl=/deliveries/${encodeURIComponent(id)}`);
  return (
    <main className="mx-auto max-w-6xl p-3 sm:p-5">
      <DeliveryView deliveryId={id} />
    </main>
  );
}
