import { describe, expect, it } from "vitest";
import { DEFAULT_SPEED_KMH, estimateEtaSeconds } from "@/server/services/deliveries/eta";
import { haversineKm, speedKmh, travelSeconds } from "@/server/services/deliveries/geo";
import type { Delivery, DeliveryLocation } from "@/server/store/tables/deliveries.table";

const nyc = { latitude: 40.7128, longitude: -74.006 };
const la = { latitude: 34.0522, longitude: -118.2437 };

describe("geo", () => {
  it("measures great-circle distances", () => {
    expect(haversineKm(nyc, nyc)).toBe(0);
    expect(haversineKm(nyc, la)).toBeCloseTo(3936, -1);
    // One degree of latitude is about 111.2 km anywhere.
    expect(haversineKm({ latitude: 10, longitude: 5 }, { latitude: 11, longitude: 5 })).toBeCloseTo(111.2, 0);
  });

  it("turns two timed points into km/h, null without elapsed time", () => {
    const a = { latitude: 0, longitude: 0 };
    const b = { latitude: 1, longitude: 0 };
    const t0 = new Date("2026-01-01T00:00:00Z");
    expect(speedKmh(a, t0, b, new Date("2026-01-01T02:00:00Z"))).toBeCloseTo(55.6, 0);
    expect(speedKmh(a, t0, b, t0)).toBeNull();
    expect(travelSeconds(25, 25)).toBe(3600);
  });
});

describe("estimateEtaSeconds", () => {
  const delivery = (status: Delivery["status"]): Delivery => ({
    id: "d", order_id: null, shop_id: "s", customer_id: "c", courier_id: "k", status,
    customer_address: "-", customer_phone: null,
    origin_latitude: 0, origin_longitude: 0, dest_latitude: 0.1, dest_longitude: 0,
    tracking_token: "t", created_at: "", updated_at: "", picked_up_at: null, delivered_at: null, cancelled_at: null,
  });
  const point = (latitude: number, speed: number | null): DeliveryLocation => ({ id: "l", delivery_id: "d", latitude, longitude: 0, speed_kmh: speed, recorded_at: "" });
  const remainingKm = (from: number) => haversineKm({ latitude: from, longitude: 0 }, { latitude: 0.1, longitude: 0 });

  it("is 0 once delivered and null when cancelled", () => {
    expect(estimateEtaSeconds(delivery("delivered"), [])).toBe(0);
    expect(estimateEtaSeconds(delivery("cancelled"), [point(0.05, 20)])).toBeNull();
  });

  it("uses the city default from the shop before any point", () => {
    expect(estimateEtaSeconds(delivery("assigned"), [])).toBe(Math.ceil((remainingKm(0) / DEFAULT_SPEED_KMH) * 3600));
  });

  it("goes via the shop while the parcel is not picked up yet", () => {
    // The courier is 0.05° on the far side of the shop: back to the shop, then on to the customer.
    const viaShop = haversineKm({ latitude: -0.05, longitude: 0 }, { latitude: 0, longitude: 0 }) + remainingKm(0);
    expect(estimateEtaSeconds(delivery("assigned"), [point(-0.05, 20)])).toBe(Math.ceil((viaShop / 20) * 3600));
    expect(estimateEtaSeconds(delivery("picked_up"), [point(-0.05, 20)])).toBe(Math.ceil((remainingKm(-0.05) / 20) * 3600));
  });

  it("averages the recent moving speeds from the latest point, ignoring stops", () => {
    const recent = [point(0.01, 90), point(0.02, 10), point(0.03, 0), point(0.04, 20), point(0.05, null), point(0.06, 30), point(0.07, 40)];
    // The last five points: 0 (stopped) and null are skipped, leaving 20, 30, 40.
    expect(estimateEtaSeconds(delivery("in_transit"), recent)).toBe(Math.ceil((remainingKm(0.07) / 30) * 3600));
  });
});
