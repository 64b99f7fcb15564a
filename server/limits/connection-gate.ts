import type { Limits, LimitName } from "./limits";
import type { KeyedLimiter } from "./limiter-store";

/** A socket's place among its address's open sockets, given back when the socket ends. */
export interface Admission {
  release(): void;
}

/** `draining`: the node is shutting down (SIGTERM) and takes no new sockets. */
export type AdmissionResult = { admitted: Admission } | { refused: LimitName | "draining" };

/**
 * Sockets per client address: open at once (this node) and new per minute (shared). Both
 * transports pass through it, so long-poll sessions count like websockets, and a GET that opens a
 * session is refused like an upgrade. The table holds only addresses with open sockets.
 */
export class ConnectionGate {
  private readonly open = new Map<string, number>();
  private readonly perMinute: KeyedLimiter | null;

  constructor(
    private readonly limits: Limits,
    private readonly maxOpen: number,
    perMinute: number,
  ) {
    this.perMinute = perMinute > 0 ? limits.shared("connections_per_ip_per_minute", { points: perMinute, seconds: 60 }) : null;
  }

  async admit(address: string): Promise<AdmissionResult> {
    const open = this.open.get(address) ?? 0;
    if (this.maxOpen > 0 && open >= this.maxOpen) {
      this.limits.refused("connections_per_ip");
      return { refused: "connections_per_ip" };
    }
    // Taken before the await, so concurrent upgrades cannot all pass the same check.
    this.open.set(address, open + 1);
    let released = false;
    const admission = {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.open.get(address) ?? 1) - 1;
        if (left === 0) this.open.delete(address);
        else this.open.set(address, left);
      },
    };
    if (this.perMinute && !(await this.perMinute.take(address))) {
      admission.release();
      return { refused: "connections_per_ip_per_minute" };
    }
    return { admitted: admission };
  }
}
