// The floor to compare against: a bare `ws` relay with no persistence, no auth and no framework. A client says
// {"join": "<pair>"}; any other frame is forwarded to the other socket of its pair and acked to the sender.
import { WebSocketServer } from "ws";

const port = Number(process.argv[2]);
const pairs = new Map();
const wss = new WebSocketServer({ port, host: "127.0.0.1" });
wss.on("connection", (socket) => {
  let pair = null;
  socket.on("message", (data) => {
    const text = String(data);
    if (pair === null) {
      pair = JSON.parse(text).join;
      const members = pairs.get(pair) ?? [];
      members.push(socket);
      pairs.set(pair, members);
      return;
    }
    for (const member of pairs.get(pair)) if (member !== socket) member.send(text);
    socket.send("ack");
  });
});
wss.on("listening", () => console.log("ready"));
