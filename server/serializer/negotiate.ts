import type { Serializer } from "./serializer";
import { V1JsonSerializer } from "./v1-json";
import { V2JsonSerializer } from "./v2-json";

const v1 = new V1JsonSerializer();
const v2 = new V2JsonSerializer();

/** Picks the serializer for a `vsn` query value (none means 1.0.0, as in Phoenix); null → HTTP 403. */
export function serializerFor(vsn: string | null): Serializer | null {
  if (vsn === null || vsn === "") return v1;
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(vsn);
  if (!match) return null;
  // "~> 1.0.0" and "~> 2.0.0": same major and minor, any patch.
  if (match[1] === "1" && match[2] === "0") return v1;
  if (match[1] === "2" && match[2] === "0") return v2;
  return null;
}
