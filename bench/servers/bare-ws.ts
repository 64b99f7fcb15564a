// The floor: a bare `ws` loop that decodes each push and writes the re-encoded frame to every socket.
import http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { answerProbes } from "./ipc";

const sockets = new Set<WebSocket>();
const server = http.createServer();
const wss = new WebSocketServer({ server, path: "/socket/websocket", perMessageDeflate: false });
wss.on("connection", (ws) => {
  sockets.add(ws);
  ws.on("close", () => sockets.delete(ws));
  ws.on("message", (data: Buffer) => {
    const [joinRef, ref, topic, event, payload] = JSON.parse(data.toString());
    if (event === "phx_join") {
      ws.send(JSON.stringify([joinRef, ref, topic, "phx_reply", { response: {}, status: "ok" }]));
      return;
    }
    const frame = Buffer.from(JSON.stringify([null, null, topic, "tick", payload]));
    for (const socket of sockets) socket.send(frame, { binary: false });
    ws.send(JSON.stringify([joinRef, ref, topic, "phx_reply", { response: {}, status: "ok" }]));
  });
});
server.listen(0, "127.0.0.1", () => {
  answerProbes();
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
