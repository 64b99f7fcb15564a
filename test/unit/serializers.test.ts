import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { V1JsonSerializer } from "@/server/serializer/v1-json";
import { V2JsonSerializer } from "@/server/serializer/v2-json";
import { serializerFor } from "@/server/serializer/negotiate";
import { ProtocolError } from "@/server/protocol/message";

const v1 = new V1JsonSerializer();
const v2 = new V2JsonSerializer();
const text = (s: string) => Buffer.from(s);
const json = (frame: { data: Buffer }) => JSON.parse(frame.data.toString());

describe("serializer negotiation", () => {
  it("defaults to 1.0.0, accepts any patch of 1.0 and 2.0, refuses the rest", () => {
    expect(serializerFor(null)).toBe(serializerFor("1.0.0"));
    expect(serializerFor("2.0.0")?.vsn).toBe("2.0.0");
    expect(serializerFor("2.0.7")?.vsn).toBe("2.0.0");
    for (const vsn of ["3.0.0", "2.1.0", "abc", "2"]) expect(serializerFor(vsn)).toBeNull();
  });
});

describe("V1 JSON", () => {
  it("decodes object frames, join_ref optional", () => {
    expect(v1.decode(text('{"topic":"t","event":"e","payload":{"a":1},"ref":"1"}'), false)).toEqual({
      joinRef: null, ref: "1", topic: "t", event: "e", payload: { a: 1 },
    });
  });

  it("encodes replies and pushes without join_ref", () => {
    expect(json(v1.encodeReply("9", "2", "t", "ok", { x: 1 }))).toEqual({
      event: "phx_reply", payload: { response: { x: 1 }, status: "ok" }, ref: "2", topic: "t",
    });
    expect(Object.keys(json(v1.encode("9", null, "t", "e", {})))).toEqual(["event", "payload", "ref", "topic"]);
  });

  it("rejects arrays, missing fields and binary", () => {
    expect(() => v1.decode(text('[null,"1","phoenix","heartbeat",{}]'), false)).toThrow(ProtocolError);
    expect(() => v1.decode(text('{"topic":"t","event":"e"}'), false)).toThrow(ProtocolError);
    expect(() => v1.decode(Buffer.from([0]), true)).toThrow(ProtocolError);
  });
});

describe("V2 JSON and binary", () => {
  it("round-trips arbitrary text frames", () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), fc.string(), fc.string(), fc.jsonValue(), (joinRef, ref, topic, event, payload) => {
        const frame = JSON.stringify([joinRef, ref, topic, event, payload]);
        const decoded = v2.decode(text(frame), false);
        expect(decoded).toEqual({ joinRef, ref, topic, event, payload: JSON.parse(JSON.stringify(payload)) });
      }),
    );
  });

  it("tolerates trailing elements and refuses short arrays", () => {
    expect(v2.decode(text('["1","2","t","e",{},"extra"]'), false).event).toBe("e");
    expect(() => v2.decode(text('["1","2","t","e"]'), false)).toThrow(ProtocolError);
  });

  it("decodes binary pushes with UTF-8 byte lengths", () => {
    const topic = Buffer.from("room:café");
    const frame = Buffer.concat([Buffer.from([0, 1, 1, topic.length, 4]), Buffer.from("12"), topic, Buffer.from("ping"), Buffer.from([9, 8])]);
    expect(v2.decode(frame, true)).toEqual({ joinRef: "1", ref: "2", topic: "room:café", event: "ping", payload: Buffer.from([9, 8]) });
    expect(() => v2.decode(frame.subarray(0, 8), true)).toThrow(ProtocolError);
    expect(() => v2.decode(Buffer.from([1, 2, 3, 4, 5]), true)).toThrow(ProtocolError);
  });

  it("encodes binary replies and broadcasts in Phoenix's layout", () => {
    const reply = v2.encodeReply("1", "22", "t", "ok", Buffer.from([7]));
    expect(reply.binary).toBe(true);
    expect([...reply.data]).toEqual([1, 1, 2, 1, 2, ...Buffer.from("122tok"), 7]);
    const push = v2.encode("1", null, "t", "e", Buffer.from([5]));
    expect([...push.data]).toEqual([0, 1, 1, 1, ...Buffer.from("1te"), 5]);
    expect([...v2.encodeBroadcast("t", "ev", Buffer.from([3])).data]).toEqual([2, 1, 2, ...Buffer.from("tev"), 3]);
  });
});
