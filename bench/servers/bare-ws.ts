// A floor: a bare `ws` loop that decodes each push and sends the re-encoded frame to every socket with ws.send.
import { WebSocketServer } from "ws";
import { bareLoop } from "./bare-loop";

bareLoop((sockets, frame) => {
  for (const socket of sockets) socket.send(frame, { binary: false });
}, WebSocketServer);
