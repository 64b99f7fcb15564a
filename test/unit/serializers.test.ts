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

describe("a push shared by many joins, each on its own topic", () => {
  // Any code point, lone surrogates (JSON.stringify escapes them), quotes, backslashes, controls, U+2028.
  const unit = fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.constantFrom('"', "\\", "\n", "\u2028", "\u0000", "</"));
  const str = fc.string({ unit, maxLength: 40 });
  const payload = fc.oneof(fc.jsonValue({ stringUnit: unit }), fc.dictionary(str, fc.jsonValue({ stringUnit: unit })));

  it.each([
    ["1.0.0", v1],
    ["2.0.0", v2],
  ] as const)("%s: the spliced frame is byte for byte the one encoded whole, for every join", (_vsn, serializer) => {
    fc.assert(
      fc.property(str, payload, fc.array(fc.tuple(fc.option(str), str), { minLength: 1, maxLength: 4 }), (event, body, joins) => {
        const shared = serializer.pushShared(event, body);
        expect(shared).not.toBeNull();
        for (const [joinRef, topic] of joins) {
          const spliced = serializer.splicePush(serializer.pushOwn(joinRef, topic), shared!);
          const whole = serializer.encode(joinRef, null, topic, event, body);
          expect(spliced.binary).toBe(false);
          expect(spliced.data.equals(whole.data)).toBe(true);
          expect(serializer.encodeJsonPush(joinRef, topic, event, Buffer.from(JSON.stringify(body))).data.equals(whole.data)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is not shared where the whole encoding differs: a binary payload on V2, no payload at all", () => {
    expect(v2.pushShared("e", Buffer.from([1, 2]))).toBeNull();
    expect(v1.pushShared("e", undefined)).toBeNull();
    expect(v2.pushShared("e", undefined)).toBeNull();
    // V1 carries bytes as base64 JSON, so its frame is shared like any other.
    const bytes = Buffer.from([0, 255, 7]);
    expect(v1.splicePush(v1.pushOwn("3", "t"), v1.pushShared("e", bytes)!).data.equals(v1.encode("3", null, "t", "e", bytes).data)).toBe(true);
  });
});
