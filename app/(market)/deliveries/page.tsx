import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { DeliveryList } from "@/components/delivery/delivery-list";

export const metadata: Metadata = { title: "Deliveries · Realtime Market" };

export default async function DeliveriesPage() {
  if (!(await auth())?.user) redirect("/login?callbackUrl=/deliveries");
  return (
    <main className="mx-auto max-w-3xl space-y-4 p-3 sm:p-5">
      <h1 className="text-2xl font-bold">Deliveries</h1>
      <DeliveryList />
    </main>
  );
}
