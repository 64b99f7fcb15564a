import { previewTiles, type MapView } from "./map-view";

/**
 * The first view's tiles as plain images, in the server's HTML: a phone starts fetching them with
 * the page, not after React, Leaflet and the tile layer have loaded (they are the page's largest
 * paint). Each sits where Leaflet will put the same tile — Leaflet rounds the pixel origin
 * (centre − half the box) to whole pixels, and so does `round()` here — so the hand-over is seamless.
 */
export function MapPreview({ view }: { view: MapView }) {
  const { tiles, centre } = previewTiles(view);
  const whole = { x: Math.floor(centre.x), y: Math.floor(centre.y) };
  const origin = (axis: "x" | "y", half: string) => `round(nearest, calc(${centre[axis] - whole[axis]}px - ${half}), 1px)`;
  return (
    <div aria-hidden className="map-preview pointer-events-none absolute inset-0">
      {tiles.map((tile) => (
        <img
          key={tile.url + tile.left}
          src={tile.url}
          alt=""
          width={256}
          height={256}
          fetchPriority={tile.central ? "high" : "auto"}
          decoding="async"
          className="absolute max-w-none select-none"
          style={{
            left: `calc(${tile.left - whole.x}px - ${origin("x", "50%")})`,
            top: `calc(${tile.top - whole.y}px - ${origin("y", "50%")})`,
          }}
        />
      ))}
    </div>
  );
}
