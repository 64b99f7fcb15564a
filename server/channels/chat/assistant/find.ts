import { searchPublishedProducts } from "../../../store/repositories/products.repository";
import { formatPrice } from "@/lib/format-price";
import type { AssistantCommand } from "./command";

const RESULTS = 5;

/** `@find <words>`: published products whose name has every word, top 5 with their price. */
export const findCommand: AssistantCommand = {
  name: "find",
  usage: "@find <words>",
  description: "search products by name",
  async run(app, _asker, args) {
    const words = args.split(/\s+/).filter(Boolean);
    if (words.length === 0) return "Tell me what to look for, e.g. @find lamp";
    const products = await searchPublishedProducts(app.db, words, RESULTS);
    if (products.length === 0) return `No products match "${args}".`;
    const lines = products.map((p, i) => `${i + 1}. ${p.name} - ${formatPrice(p.price_cents / 100, p.currency, "en-US")} at ${p.shop_name}`);
    return [`Top matches for "${args}":`, ...lines].join("\n");
  },
};
