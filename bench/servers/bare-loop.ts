// What the two bare floors share: Phoenix V2 JSON joins answered ok, `fanout` pushes broadcast as `tick`.
import http from "node:http";
import type { WebSocket, WebSocketServer } from "ws";
import { ready } from "./ipc";

export function bareLoop(fanOut: (sockets: Set<WebSocket>, frame: Buffer) => void, Server: typeof WebSocketServer): void {
  const sockets = new Set<WebSocket>();
  const server = http.createServer();
  const wss = new Server({ server, path: "/socket/websocket", perMessageDeflate: false });
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data: Buffer) => {
      const [joinRef, ref, topic, event, payload] = JSON.parse(data.toString());
      if (event === "fanout") fanOut(sockets, Buffer.from(JSON.stringify([null, null, topic, "tick", payload])));
      ws.send(JSON.stringify([joinRef, ref, topic, "phx_reply", { response: {}, status: "ok" }]));
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    ready(typeof address === "object" && address ? address.port : 0);
  });
}
