// Socket.IO 4 with rooms, websocket transport only: `join` a room, `fanout` emits `tick` to the room.
import http from "node:http";
import { Server } from "socket.io";
import { ready } from "./ipc";

const server = http.createServer();
const io = new Server(server, { transports: ["websocket"], perMessageDeflate: false, serveClient: false });
io.on("connection", (socket) => {
  socket.on("join", (room: string, ack: () => void) => {
    void socket.join(room);
    ack();
  });
  socket.on("fanout", (room: string, payload: unknown, ack: () => void) => {
    io.to(room).emit("tick", payload);
    ack();
  });
  socket.on("ping_bench", (ack: () => void) => ack());
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  ready(typeof address === "object" && address ? address.port : 0);
});
