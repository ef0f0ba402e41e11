import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import type { Pool } from "mariadb";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient as MysqlPrismaClient } from "./generated/mysql/client.ts";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client.ts";
import { createTurns, serializeSqliteClient } from "./sqlite-serial.ts";
import { registerMessageStatements, type MessageStatements } from "./message-statements.ts";
import { createMariaDbMessageStatements } from "./message-statements-mariadb.ts";
import { createSqliteMessageStatements } from "./message-statements-sqlite.ts";

/**
 * The app is typed against the MySQL client. The SQLite client has the same model API for everything the domain
 * uses, but its class is not assignable (isolation levels, aggregate generics), so it is cast once, here.
 */
export type Db = MysqlPrismaClient;
export type DbKind = "mysql" | "sqlite";

export function databaseKind(databaseUrl: string): DbKind {
  return databaseUrl.startsWith("file:") ? "sqlite" : "mysql";
}

/** `file:data/parley.db` → `data/parley.db` (relative paths resolve against the process's working directory). */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.slice("file:".length);
}

export async function createDb(databaseUrl: string): Promise<Db> {
  if (databaseKind(databaseUrl) === "mysql") {
    const pool: { current?: Pool } = {};
    const db = new MysqlPrismaClient({ adapter: keepPool(new PrismaMariaDb(databaseUrl), pool) });
    pools.set(db, pool);
    return withMessageStatements(db, createMariaDbMessageStatements(databaseUrl));
  }
  const adapter = new PrismaBetterSqlite3({ url: sqlitePath(databaseUrl) });
  const inTurn = createTurns();
  const client = new SqlitePrismaClient({ adapter });
  const db = serializeSqliteClient(client, inTurn) as unknown as Db;
  // WAL lets readers (subscription backfills) run while a send commits, and halves commit time.
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout=5000");
  return withMessageStatements(db, createSqliteMessageStatements(sqlitePath(databaseUrl), inTurn));
}

/** The send path's statements (message-statements.ts) live and close with the client. */
function withMessageStatements(db: Db, statements: MessageStatements): Db {
  registerMessageStatements(db, statements);
  const disconnect = db.$disconnect.bind(db);
  Object.defineProperty(db, "$disconnect", {
    value: async () => Promise.all([statements.close(), disconnect()]).then(() => undefined),
    configurable: true,
  });
  return db;
}

/** The MySQL pool behind each client, once the adapter made it: metrics read its figures (server/metrics/). */
const pools = new WeakMap<Db, { current?: Pool }>();

/** The adapter builds its pool when Prisma first connects; the adapter it returns keeps the pool as `client`. */
function keepPool(factory: PrismaMariaDb, pool: { current?: Pool }): PrismaMariaDb {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    pool.current = (adapter as unknown as { client: Pool }).client;
    return adapter;
  };
  return factory;
}

/** Connections in use and idle, and queries waiting for one; null on SQLite or before the first query. */
export function poolStats(db: Db): { active: number; idle: number; waiting: number } | null {
  const pool = pools.get(db)?.current;
  return pool ? { active: pool.activeConnections(), idle: pool.idleConnections(), waiting: pool.taskQueueSize() } : null;
}
