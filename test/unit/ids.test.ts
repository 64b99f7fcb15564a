import { describe, expect, it } from "vitest";
import { newId } from "@/server/store/ids";

describe("newId", () => {
  it("sorts in creation order even within one millisecond", () => {
    const ids = Array.from({ length: 2000 }, () => newId("ntf"));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
