import WebSocket from "ws";

/** A bare websocket that records every frame, for checking frames byte for byte. */
export class RawClient {
  readonly frames: (unknown | Buffer)[] = [];
  closeCode: number | null = null;
  closeReason = "";
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer, isBinary) => {
      this.frames.push(isBinary ? data : JSON.parse(data.toString()));
      this.wake();
    });
    ws.on("close", (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.wake();
    });
  }

  static connect(url: string, protocols?: string[], headers?: Record<string, string>): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, { headers });
      const client = new RawClient(ws);
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves with the first frame (consumed in order) that matches, or rejects after `ms`. */
  async next(match: (frame: any) => boolean = () => true, ms = 3000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index !== -1) return this.frames.splice(index, 1)[0];
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) before a matching frame`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame; have ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits `ms` and returns what arrived meanwhile (to assert that nothing did). */
  async drain(ms = 200): Promise<unknown[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.frames.splice(0);
  }

  closed(ms = 3000): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closeCode !== null) return resolve(this.closeCode);
      const timer = setTimeout(() => reject(new Error("socket did not close")), ms);
      this.ws.once("close", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Expects an HTTP refusal of the upgrade and returns its status. */
export async function upgradeStatus(url: string, protocols?: string[]): Promise<number> {
  return (await upgradeRefusal(url, protocols)).status;
}

/** Expects an HTTP refusal of the upgrade: its status and body. */
export function upgradeRefusal(url: string, protocols?: string[], headers?: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body });
        ws.terminate();
      });
    });
    ws.once("open", () => reject(new Error("connection was accepted")));
    ws.once("error", () => undefined);
  });
}
