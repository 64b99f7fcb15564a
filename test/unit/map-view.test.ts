import { describe, expect, it } from "vitest";
import { initialMapView, previewTiles } from "@/components/map/map-view";
import type { MapDelivery } from "@/components/map/map-types";

// Pixel position at a zoom, as Leaflet's Web Mercator computes it (independent of the module's own code).
function pixel(latitude: number, longitude: number, zoom: number) {
  const scale = 256 * 2 ** zoom;
  const sin = Math.sin((latitude * Math.PI) / 180);
  return { x: ((longitude + 180) / 360) * scale, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale };
}

const delivery = (points: [number, number][]): MapDelivery => ({
  id: "d1",
  label: "Courier Sam",
  destination: { latitude: points[0][0], longitude: points[0][1] },
  courier: { latitude: points[1][0], longitude: points[1][1] },
  trail: points.slice(2).map(([latitude, longitude]) => ({ latitude, longitude })),
});

describe("the map's first view", () => {
  it("shows every point of a delivery inside a small phone's map box, at the deepest zoom that does", () => {
    const points: [number, number][] = [[40.7003, -73.9867], [40.7197, -74.0012], [40.7359, -73.9911], [40.7251, -73.9952]];
    const view = initialMapView([delivery(points)]);
    const inBox = (zoom: number) => {
      const centre = pixel(view.center[0], view.center[1], zoom);
      return points.every(([lat, lng]) => {
        const p = pixel(lat, lng, zoom);
        return Math.abs(p.x - centre.x) <= 320 / 2 - 32 && Math.abs(p.y - centre.y) <= 288 / 2 - 32;
      });
    };
    expect(inBox(view.zoom)).toBe(true);
    expect(inBox(view.zoom + 1)).toBe(false);
  });

  it("covers the centre with the tile under it, first in priority", () => {
    const view = initialMapView([delivery([[40.7003, -73.9867], [40.7197, -74.0012]])]);
    const { tiles } = previewTiles(view);
    const centre = pixel(view.center[0], view.center[1], view.zoom);
    const central = tiles.filter((t) => t.central);
    expect(central).toHaveLength(1);
    expect(central[0].url).toBe(`https://tile.openstreetmap.org/${view.zoom}/${Math.floor(centre.x / 256)}/${Math.floor(centre.y / 256)}.png`);
    expect(centre.x - central[0].left).toBeGreaterThanOrEqual(0);
    expect(centre.x - central[0].left).toBeLessThan(256);
  });
});
