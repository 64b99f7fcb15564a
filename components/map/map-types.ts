export interface LatLng {
  latitude: number;
  longitude: number;
}

/** One delivery as the map draws it: courier, trail and destination. */
export interface MapDelivery {
  id: string;
  /** Shown as the markers' titles, e.g. "Courier Sam" / "Destination". */
  label: string;
  courier: LatLng | null;
  trail: LatLng[];
  destination: LatLng;
}
