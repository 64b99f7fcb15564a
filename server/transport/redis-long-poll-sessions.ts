import { randomUUID } from "node:crypto";
import type { RedisConnections } from "../cluster/redis-connections";
import type { Logger } from "../log";
import type { PollAnswer, PublishStatus } from "./long-poll-session";
import { sessionOwner, type LocalLongPollSessions, type LongPollSessions } from "./long-poll-sessions";
import type { Transport, TransportSocket } from "./transport";

/** A forwarded POST waits this long for the owner's answer before the client is told 410. */
const PUBLISH_TIMEOUT_MS = 5_000;
/** A forwarded GET is held by its owner for the window; this much more covers the round trip. */
const POLL_GRACE_MS = 5_000;

type Request =
  | { op: "poll"; id: string; from: string; token: string }
  | { op: "cancel"; id: string; from: string }
  | { op: "publish"; id: string; from: string; token: string; frames: readonly string[] };
type Response = { op: "answer"; id: string; answer: PollAnswer | PublishStatus | null };

/**
 * Long-poll sessions without sticky load balancing, as Phoenix does it: a session lives on the
 * node that opened it (its token names the node), and a poll or post that lands on another node
 * is forwarded to the owner through Redis and its answer relayed back. Every node listens on its
 * own Redis channel; PUBLISH reports how many listened, so a node that is gone is known at once:
 * its sessions answer like unknown ones (GET: a new session, POST: 410), and phoenix.js reconnects.
 */
export class RedisLongPollSessions implements LongPollSessions {
  private readonly pending = new Map<string, { settle: (answer: Response["answer"]) => void; timer: NodeJS.Timeout }>();
  /** Polls this node holds for another node's HTTP request, by request id, so they can be cancelled. */
  private readonly remotePolls = new Map<string, AbortController>();

  private readonly onMessage = (data: string) => this.received(data);

  constructor(
    private readonly local: LocalLongPollSessions,
    private readonly redis: RedisConnections,
    private readonly log: Logger,
  ) {}

  get nodeId(): string {
    return this.local.nodeId;
  }

  async start(): Promise<void> {
    await this.redis.listen(this.inbox(this.local.nodeId), this.onMessage);
  }

  open(connect: (transport: Transport) => TransportSocket): string {
    return this.local.open(connect);
  }

  async poll(token: string, cancelled: AbortSignal): Promise<PollAnswer | null> {
    const owner = sessionOwner(token);
    if (owner === this.local.nodeId) return this.local.poll(token, cancelled);
    if (owner === null) return null;
    const id = randomUUID();
    cancelled.addEventListener(
      "abort",
      () => {
        // The owner keeps the frames for the next poll; this request is simply over.
        void this.send(owner, { op: "cancel", id, from: this.local.nodeId });
        this.pending.get(id)?.settle({ status: 204, token, messages: [] });
      },
      { once: true },
    );
    const answer = await this.forward(owner, { op: "poll", id, from: this.local.nodeId, token }, this.local.windowMs + POLL_GRACE_MS);
    return isPollAnswer(answer) ? answer : null;
  }

  async publish(token: string, frames: readonly string[]): Promise<PublishStatus> {
    const owner = sessionOwner(token);
    if (owner === this.local.nodeId) return this.local.publish(token, frames);
    if (owner === null) return 410;
    const answer = await this.forward(owner, { op: "publish", id: randomUUID(), from: this.local.nodeId, token, frames }, PUBLISH_TIMEOUT_MS);
    return typeof answer === "number" ? answer : 410;
  }

  async close(): Promise<void> {
    for (const { settle } of this.pending.values()) settle(null);
    for (const controller of this.remotePolls.values()) controller.abort();
    this.redis.unlisten(this.inbox(this.local.nodeId), this.onMessage);
  }

  private inbox(nodeId: string): string {
    return this.redis.key("longpoll", nodeId);
  }

  /** Sends a request to the owner and waits for its answer; null when nobody answers. */
  private forward(owner: string, request: Request, timeoutMs: number): Promise<Response["answer"]> {
    return new Promise((resolve) => {
      const settle = (answer: Response["answer"]) => {
        clearTimeout(timer);
        this.pending.delete(request.id);
        resolve(answer);
      };
      const timer = setTimeout(() => settle(null), timeoutMs);
      this.pending.set(request.id, { settle, timer });
      void this.send(owner, request).then((listeners) => {
        // Nobody listens on the owner's channel: the node is gone (or Redis is).
        if (listeners === 0) settle(null);
      });
    });
  }

  /** How many nodes heard it; 0 when Redis could not be reached. */
  private async send(nodeId: string, message: Request | Response): Promise<number> {
    try {
      return await this.redis.commands.publish(this.inbox(nodeId), JSON.stringify(message));
    } catch (err) {
      this.log.warn({ err: (err as Error).message, to: nodeId }, "long-poll relay: forward failed");
      return 0;
    }
  }

  private received(data: string): void {
    let message: Request | Response;
    try {
      message = JSON.parse(data) as Request | Response;
    } catch {
      return;
    }
    if (message.op === "answer") return this.pending.get(message.id)?.settle(message.answer);
    if (message.op === "cancel") return this.remotePolls.get(message.id)?.abort();
    void this.serve(message);
  }

  /** A request from another node's HTTP endpoint for a session of this node. */
  private async serve(request: Extract<Request, { op: "poll" | "publish" }>): Promise<void> {
    let answer: Response["answer"];
    if (request.op === "publish") {
      answer = await this.local.publish(request.token, request.frames);
    } else {
      const controller = new AbortController();
      this.remotePolls.set(request.id, controller);
      answer = await this.local.poll(request.token, controller.signal);
      this.remotePolls.delete(request.id);
      // The client went away meanwhile: its frames stay queued for its next poll.
      if (controller.signal.aborted) return;
    }
    await this.send(request.from, { op: "answer", id: request.id, answer });
  }
}

function isPollAnswer(answer: Response["answer"]): answer is PollAnswer {
  return answer !== null && typeof answer === "object";
}
