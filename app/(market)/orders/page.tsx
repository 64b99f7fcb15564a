import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { OrderList } from "@/components/orders/order-list";

export default async function OrdersPage() {
  if (!(await auth())?.user) redirect("/login?callbackUrl=/orders");
  return (
    <main className="mx-auto max-w-3xl px-4 py-6 sm:py-10">
      <h1 className="text-2xl font-bold tracking-tight">Your orders</h1>
      <p className="mt-1 text-sm text-zinc-400">Status updates arrive live; share the tracking link with whoever receives it.</p>
      <OrderList />
    </main>
  );
}
