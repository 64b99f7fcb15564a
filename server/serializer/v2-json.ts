import type { ReplyStatus } from "@/lib/protocol";
import { PHX_REPLY, VSN_2 } from "@/lib/protocol";
import { ProtocolError, type Frame, type Message } from "../protocol/message";
import { normaliseRef, parseJson, textFrame, type Serializer } from "./serializer";

const CLOSE_ARRAY = Buffer.from("]");
const PUSH = 0;
const REPLY = 1;
const BROADCAST = 2;

/**
 * Version 2.0.0: array frames `[join_ref, ref, topic, event, payload]`, what phoenix.js sends,
 * plus binary frames for ArrayBuffer payloads (kinds push=0, reply=1, broadcast=2, u8 lengths).
 */
export class V2JsonSerializer implements Serializer {
  readonly vsn = VSN_2;
  readonly slot = 1;

  decode(data: Buffer, isBinary: boolean): Message {
    return isBinary ? decodeBinaryPush(data) : decodeText(data);
  }

  encode(joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown): Frame {
    // Binary pushes have no ref field; only phx_close/phx_error carry one, and those are JSON.
    if (Buffer.isBuffer(payload)) return binaryFrame(PUSH, [joinRef ?? "", topic, event], payload);
    return textFrame([joinRef, ref, topic, event, payload]);
  }

  encodeJsonPush(joinRef: string | null, topic: string, event: string, payloadJson: Buffer): Frame {
    return { data: Buffer.concat([Buffer.from(ownHead(joinRef, topic) + eventHead(event)), payloadJson, CLOSE_ARRAY]), binary: false };
  }

  pushShared(event: string, payload: unknown): Buffer | null {
    if (Buffer.isBuffer(payload)) return null;
    const json = JSON.stringify(payload) as string | undefined;
    return json === undefined ? null : Buffer.from(`${eventHead(event)}${json}]`);
  }

  pushOwn(joinRef: string | null, topic: string): Buffer {
    return Buffer.from(ownHead(joinRef, topic));
  }

  splicePush(own: Buffer, shared: Buffer): Frame {
    return { data: Buffer.concat([own, shared]), binary: false };
  }

  encodeReply(joinRef: string | null, ref: string | null, topic: string, status: ReplyStatus, response: unknown): Frame {
    if (Buffer.isBuffer(response)) {
      return binaryFrame(REPLY, [joinRef ?? "", ref ?? "", topic, status], response);
    }
    return textFrame([joinRef, ref, topic, PHX_REPLY, { response, status }]);
  }

  encodeBroadcast(topic: string, event: string, payload: unknown): Frame {
    if (Buffer.isBuffer(payload)) return binaryFrame(BROADCAST, [topic, event], payload);
    return textFrame([null, null, topic, event, payload]);
  }
}

// A push's text frame `[join_ref, null, topic, event, payload]`: the join's part, then the event's.
const ownHead = (joinRef: string | null, topic: string) => `[${JSON.stringify(joinRef)},null,${JSON.stringify(topic)},`;
const eventHead = (event: string) => `${JSON.stringify(event)},`;

function decodeText(data: Buffer): Message {
  const arr = parseJson(data);
  // Phoenix tolerates extra trailing elements.
  if (!Array.isArray(arr) || arr.length < 5) throw new ProtocolError("expected a 5-element array frame");
  const [joinRef, ref, topic, event, payload] = arr as unknown[];
  const normalJoinRef = normaliseRef(joinRef);
  const normalRef = normaliseRef(ref);
  if (normalJoinRef === undefined || normalRef === undefined) throw new ProtocolError("bad ref");
  if (typeof topic !== "string" || typeof event !== "string") throw new ProtocolError("bad topic or event");
  return { joinRef: normalJoinRef, ref: normalRef, topic, event, payload };
}

const PUSH_HEADER = 5;

function decodeBinaryPush(data: Buffer): Message {
  if (data.length < PUSH_HEADER || data[0] !== PUSH) throw new ProtocolError("not a binary push");
  const joinRefSize = data[1];
  const refSize = data[2];
  const topicSize = data[3];
  const eventSize = data[4];
  const end = PUSH_HEADER + joinRefSize + refSize + topicSize + eventSize;
  if (data.length < end) throw new ProtocolError("truncated binary push");
  let offset = PUSH_HEADER;
  const read = (size: number) => data.toString("utf8", offset, (offset += size));
  const joinRef = read(joinRefSize);
  const ref = read(refSize);
  const topic = read(topicSize);
  const event = read(eventSize);
  return {
    joinRef: joinRef === "" ? null : joinRef,
    ref: ref === "" ? null : ref,
    topic,
    event,
    payload: Buffer.from(data.subarray(end)),
  };
}

function binaryFrame(kind: number, fields: string[], payload: Buffer): Frame {
  const encoded = fields.map((f) => Buffer.from(f, "utf8"));
  const header = Buffer.alloc(1 + encoded.length);
  header[0] = kind;
  encoded.forEach((field, i) => {
    if (field.length > 255) throw new Error(`binary frame field over 255 bytes: ${fields[i]}`);
    header[i + 1] = field.length;
  });
  return { data: Buffer.concat([header, ...encoded, payload]), binary: true };
}
