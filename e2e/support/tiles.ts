import type { BrowserContext, Page } from "@playwright/test";

// A 1×1 light-grey PNG; Leaflet stretches it over each 256 px tile, so screenshots show a plain map.
const TILE = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4+/gVAAVLAqvsM8obAAAAAElFTkSuQmCC", "base64");
const TILE_HOSTS = /tile\.openstreetmap\.org/;

/** Serves every map tile from memory ("ok") or fails them all ("down"), so no test reaches the internet. */
export async function stubTiles(target: Page | BrowserContext, mode: "ok" | "down" = "ok") {
  await target.route(TILE_HOSTS, (route) =>
    mode === "ok" ? route.fulfill({ status: 200, contentType: "image/png", body: TILE }) : route.abort("failed"),
  );
}
