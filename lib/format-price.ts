/**
 * `129, "USD"` -> `$129.00`: an amount in the currency's major unit, as the API and events carry
 * prices (`price`, `amount`; stored `*_cents` are divided by 100 first). `locale` defaults to the
 * viewer's; the server passes one so its chat answers read the same everywhere.
 */
export function formatPrice(amount: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    // An unknown currency code.
    return `${amount.toFixed(2)} ${currency}`;
  }
}
