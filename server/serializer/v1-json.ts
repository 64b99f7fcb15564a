import type { ReplyStatus } from "@/lib/protocol";
import { PHX_REPLY, VSN_1 } from "@/lib/protocol";
import { ProtocolError, type Frame, type Message } from "../protocol/message";
import { normaliseRef, parseJson, textFrame, type Serializer } from "./serializer";

/**
 * Version 1.0.0: object frames `{"topic","event","payload","ref"}`.
 * The default when a client sends no `vsn` (wscat, the document's Node example).
 * Server frames never carry `join_ref`, as in Phoenix.
 */
export class V1JsonSerializer implements Serializer {
  readonly vsn = VSN_1;
  readonly slot = 0;

  decode(data: Buffer, isBinary: boolean): Message {
    if (isBinary) throw new ProtocolError("binary frames need vsn 2.0.0");
    const obj = parseJson(data);
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      throw new ProtocolError("expected a JSON object frame");
    }
    const { topic, event, payload, ref, join_ref } = obj as Record<string, unknown>;
    const normalRef = normaliseRef(ref);
    const normalJoinRef = normaliseRef(join_ref);
    if (typeof topic !== "string" || typeof event !== "string" || payload === undefined) {
      throw new ProtocolError("frame needs topic, event and payload");
    }
    if (normalRef === undefined || normalJoinRef === undefined) throw new ProtocolError("bad ref");
    return { joinRef: normalJoinRef, ref: normalRef, topic, event, payload };
  }

  encode(_joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown): Frame {
    return textFrame({ event, payload: jsonPayload(payload), ref, topic });
  }

  encodeJsonPush(_joinRef: string | null, topic: string, event: string, payloadJson: Buffer): Frame {
    return { data: Buffer.concat([Buffer.from(pushHead(event)), payloadJson, Buffer.from(pushTail(topic))]), binary: false };
  }

  pushShared(event: string, payload: unknown): Buffer | null {
    const json = JSON.stringify(jsonPayload(payload)) as string | undefined;
    return json === undefined ? null : Buffer.from(pushHead(event) + json);
  }

  pushOwn(_joinRef: string | null, topic: string): Buffer {
    return Buffer.from(pushTail(topic));
  }

  splicePush(own: Buffer, shared: Buffer): Frame {
    return { data: Buffer.concat([shared, own]), binary: false };
  }

  encodeReply(_joinRef: string | null, ref: string | null, topic: string, status: ReplyStatus, response: unknown): Frame {
    return textFrame({ event: PHX_REPLY, payload: { response: jsonPayload(response), status }, ref, topic });
  }

  encodeBroadcast(topic: string, event: string, payload: unknown): Frame {
    return textFrame({ event, payload: jsonPayload(payload), ref: null, topic });
  }
}

// A push as textFrame writes it (key order event, payload, ref, topic), around its payload.
const pushHead = (event: string) => `{"event":${JSON.stringify(event)},"payload":`;
const pushTail = (topic: string) => `,"ref":null,"topic":${JSON.stringify(topic)}}`;

/** V1 has no binary frames; bytes travel base64-encoded so a V1 subscriber still gets the event. */
function jsonPayload(payload: unknown): unknown {
  return Buffer.isBuffer(payload) ? { binary: payload.toString("base64") } : payload;
}
