// The comparison a team would build by hand: Socket.IO with the Redis adapter, persisting each message like Parley
// does (one transaction: next seq of the conversation, insert the row, unique client id), then broadcasting to the
// conversation's room and acking the sender. Usage: node socketio-relay.mjs <port> <mysql url> <redis url>
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
await pool.query("CREATE TABLE IF NOT EXISTS room (id VARCHAR(40) PRIMARY KEY, last_seq INT NOT NULL)");
await pool.query(
  "CREATE TABLE IF NOT EXISTS message (room_id VARCHAR(40) NOT NULL, seq INT NOT NULL, client_msg_id VARCHAR(40) NOT NULL, body TEXT NOT NULL, created_at DATETIME(3) NOT NULL, PRIMARY KEY (room_id, seq), UNIQUE KEY (room_id, client_msg_id))",
);

async function persist(room, clientMsgId, body) {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    await connection.query("INSERT INTO room (id, last_seq) VALUES (?, 1) ON DUPLICATE KEY UPDATE last_seq = last_seq + 1", [room]);
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
const io = new Server(http);
io.adapter(createAdapter(new Redis(redisUrl), new Redis(redisUrl), { key: `bench-sio-${process.pid}` }));
io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(room);
    ack();
  });
  socket.on("send", async ({ room, id }, ack) => {
    const seq = await persist(room, id, `load ${id}`);
    socket.to(room).emit("message", { id, seq });
    ack({ seq });
  });
});
http.listen(Number(port), "127.0.0.1", () => console.log("ready"));
