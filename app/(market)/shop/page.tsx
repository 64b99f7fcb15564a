import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { ShopDashboard } from "@/components/shop/shop-dashboard";

export const metadata: Metadata = { title: "Shop dashboard · Realtime Market" };

export default async function ShopPage({ searchParams }: { searchParams: Promise<{ shop?: string }> }) {
  if (!(await auth())?.user) redirect("/login?callbackUrl=/shop");
  const { shop } = await searchParams;
  return (
    <main className="mx-auto max-w-6xl p-3 sm:p-5">
      <ShopDashboard requestedShopId={shop ?? null} />
    </main>
  );
}
