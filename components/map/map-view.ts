import { TILE_URL } from "@/lib/map-tiles";
import type { LatLng, MapDelivery } from "./map-types";

// Web Mercator, as Leaflet and the tile servers use it, without Leaflet (which needs `window`): the
// server computes the same first view and the same tiles the browser's map will show.

const TILE_SIZE = 256;
const MAX_LATITUDE = 85.0511287798;
/** Lower Manhattan, where the demo shops are: the view while there is no delivery to show. */
const FALLBACK_VIEW: MapView = { center: [40.73, -73.99], zoom: 13 };
const SINGLE_POINT_ZOOM = 15;
const MAX_FIT_ZOOM = 16;
/**
 * The first view is fitted to a small phone's map box (less 32 px of padding each side) rather than
 * to the box the page gets, so the server can compute it: a larger box shows more around the points.
 */
const FIT_BOX = { width: 320 - 64, height: 288 - 64 };
/** The area the preview covers around the centre: a phone's or tablet's map box. */
const PREVIEW_BOX = { width: 768, height: 384 };

export interface MapView {
  center: [latitude: number, longitude: number];
  zoom: number;
}

export interface PreviewTile {
  url: string;
  /** The tile's offset from the map's pixel origin (where the centre sits at 0,0), in CSS pixels. */
  left: number;
  top: number;
  /** The tile under the centre: the one worth fetching first. */
  central: boolean;
}

/** Pixel coordinates at zoom 0 (a 256 px world). */
function project({ latitude, longitude }: LatLng): { x: number; y: number } {
  const lat = (Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, latitude)) * Math.PI) / 180;
  return {
    x: ((longitude + 180) / 360) * TILE_SIZE,
    y: ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * TILE_SIZE,
  };
}

function unproject(x: number, y: number): [number, number] {
  const longitude = (x / TILE_SIZE) * 360 - 180;
  const latitude = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / TILE_SIZE))) * 180) / Math.PI;
  return [latitude, longitude];
}

export const pointsOf = (deliveries: MapDelivery[]): LatLng[] =>
  deliveries.flatMap((d) => [d.destination, ...(d.courier ? [d.courier] : []), ...d.trail]);

/** The view that shows every point: the centre of their projected box, at the deepest whole zoom that fits FIT_BOX. */
export function initialMapView(deliveries: MapDelivery[]): MapView {
  const points = pointsOf(deliveries);
  if (points.length === 0) return FALLBACK_VIEW;
  if (points.length === 1) return { center: [points[0].latitude, points[0].longitude], zoom: SINGLE_POINT_ZOOM };
  const projected = points.map(project);
  const xs = projected.map((p) => p.x);
  const ys = projected.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min(FIT_BOX.width / (maxX - minX || Number.EPSILON), FIT_BOX.height / (maxY - minY || Number.EPSILON));
  const zoom = Math.max(0, Math.min(MAX_FIT_ZOOM, Math.floor(Math.log2(scale))));
  return { center: unproject((minX + maxX) / 2, (minY + maxY) / 2), zoom };
}

/** Leaflet's default subdomains, and its choice among them. */
const SUBDOMAINS = "abc";

function tileUrl(z: number, x: number, y: number): string {
  const s = SUBDOMAINS[Math.abs(x + y) % SUBDOMAINS.length];
  return TILE_URL.replace("{s}", s).replace("{z}", String(z)).replace("{x}", String(x)).replace("{y}", String(y));
}

/**
 * The tiles that cover PREVIEW_BOX around the view's centre, as the map will place them. None for a
 * template with `{r}`: Leaflet fills it from the screen's pixel ratio, which the server cannot know.
 */
export function previewTiles({ center, zoom }: MapView): { tiles: PreviewTile[]; centre: { x: number; y: number } } {
  const scale = 2 ** zoom;
  const p = project({ latitude: center[0], longitude: center[1] });
  const centre = { x: p.x * scale, y: p.y * scale };
  const tiles: PreviewTile[] = [];
  if (TILE_URL.includes("{r}")) return { tiles, centre };
  const last = scale - 1;
  const range = (c: number, half: number) => [Math.floor((c - half) / TILE_SIZE), Math.floor((c + half) / TILE_SIZE)];
  const [x0, x1] = range(centre.x, PREVIEW_BOX.width / 2);
  const [y0, y1] = range(centre.y, PREVIEW_BOX.height / 2);
  const centralX = Math.floor(centre.x / TILE_SIZE);
  const centralY = Math.floor(centre.y / TILE_SIZE);
  for (let y = Math.max(0, y0); y <= Math.min(last, y1); y++) {
    for (let x = x0; x <= x1; x++) {
      const wrappedX = ((x % scale) + scale) % scale;
      tiles.push({ url: tileUrl(zoom, wrappedX, y), left: x * TILE_SIZE, top: y * TILE_SIZE, central: x === centralX && y === centralY });
    }
  }
  return { tiles, centre };
}
