// The real floor: a bare loop that frames each broadcast once and writes the same bytes to every TCP socket.
import * as ws from "ws";
import { bareLoop } from "./bare-loop";

const Sender = (ws as unknown as { Sender: { frame(data: Buffer, o: object): Buffer[] } }).Sender;

bareLoop((sockets, frame) => {
  const bytes = Buffer.concat(Sender.frame(frame, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
  for (const socket of sockets) (socket as unknown as { _socket: { write(b: Buffer): void } })._socket.write(bytes);
}, ws.WebSocketServer);
