// The baseline a team would write by hand for bench/throughput.ts: Socket.IO with the Redis adapter, each message
// persisted in its own transaction (next seq of the conversation, insert the row, unique client id), then emitted
// to the conversation's room (the assigned agent and the visitor's other tab) and to the inbox room (every agent
// watching the list), then acked. Usage: node socketio-inbox-relay.mjs <port> <mysql url> <redis url>
import { createServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import mariadb from "mariadb";
import { Server } from "socket.io";

const [port, mysqlUrl, redisUrl] = process.argv.slice(2);
const database = new URL(mysqlUrl.replace(/^mysql:/, "mariadb:"));
const pool = mariadb.createPool({
  host: database.hostname,
  port: Number(database.port || 3306),
  user: decodeURIComponent(database.username),
  password: decodeURIComponent(database.password),
  database: database.pathname.slice(1),
  connectionLimit: 10,
});
await pool.query(
  "CREATE TABLE IF NOT EXISTS room (id VARCHAR(40) PRIMARY KEY, last_seq INT NOT NULL, preview VARCHAR(200), last_at DATETIME(3))",
);
await pool.query(
  "CREATE TABLE IF NOT EXISTS message (room_id VARCHAR(40) NOT NULL, seq INT NOT NULL, client_msg_id VARCHAR(40) NOT NULL, body TEXT NOT NULL, created_at DATETIME(3) NOT NULL, PRIMARY KEY (room_id, seq), UNIQUE KEY (room_id, client_msg_id))",
);

async function persist(room, clientMsgId, body) {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    await connection.query(
      "INSERT INTO room (id, last_seq, preview, last_at) VALUES (?, 1, ?, NOW(3)) ON DUPLICATE KEY UPDATE last_seq = last_seq + 1, preview = VALUES(preview), last_at = VALUES(last_at)",
      [room, body.slice(0, 140)],
    );
    const [{ last_seq: seq }] = await connection.query("SELECT last_seq FROM room WHERE id = ?", [room]);
    await connection.query("INSERT INTO message (room_id, seq, client_msg_id, body, created_at) VALUES (?, ?, ?, ?, NOW(3))", [
      room,
      seq,
      clientMsgId,
      body,
    ]);
    await connection.commit();
    return seq;
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
}

const http = createServer();
const io = new Server(http, { perMessageDeflate: false });
io.adapter(createAdapter(new Redis(redisUrl), new Redis(redisUrl), { key: `bench-sio-${process.pid}` }));
io.on("connection", (socket) => {
  socket.on("join", (rooms, ack) => {
    socket.join(rooms);
    ack();
  });
  socket.on("send", async ({ room, clientMsgId, body }, ack) => {
    try {
      const seq = await persist(room, clientMsgId, body);
      const createdAt = new Date().toISOString();
      socket.to(room).emit("message", { conversationId: room, seq, clientMsgId, senderKind: "visitor", type: "text", body, createdAt });
      io.to("inbox").emit("inbox", {
        kind: "conversation",
        reason: "message",
        conversation: { id: room, lastSeq: seq, lastMessagePreview: body.slice(0, 140), lastMessageAt: createdAt, state: "queued" },
      });
      ack({ seq });
    } catch (error) {
      ack({ error: String(error) });
    }
  });
});
http.listen(Number(port), "127.0.0.1", () => console.log("ready"));
