"use client";

import { useState } from "react";
import { useShopProducts } from "@/lib/client/shop";
import { ProductForm } from "./product-form";
import { ProductRow } from "./product-row";
import { QueryState } from "./query-state";
import { Section } from "./section";

export function ProductsSection({ shopId }: { shopId: string }) {
  const { data, isPending, error } = useShopProducts(shopId);
  const [adding, setAdding] = useState(false);
  return (
    <Section
      id="products"
      title="Products"
      action={
        adding ? null : (
          <button type="button" onClick={() => setAdding(true)} className="btn-primary text-sm">
            New product
          </button>
        )
      }
    >
      {adding ? <ProductForm shopId={shopId} onDone={() => setAdding(false)} /> : null}
      <QueryState pending={isPending} error={error} empty={data?.length === 0} emptyText="No products yet: add one with a short video." />
      {data && data.length > 0 ? (
        <ul>
          {data.map((p) => (
            <ProductRow key={p.id} shopId={shopId} product={p} />
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
