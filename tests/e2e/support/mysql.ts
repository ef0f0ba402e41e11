import { randomBytes } from "node:crypto";
import mariadb from "mariadb";

export const e2eMysqlUrl = process.env.DATABASE_URL?.startsWith("mysql") ? process.env.DATABASE_URL : undefined;
export const e2eRedisUrl = process.env.REDIS_URL;

/** A fresh database on the MariaDB server named by DATABASE_URL, and the environment for nodes sharing it + Redis. */
export async function createClusterEnvironment() {
  if (!e2eMysqlUrl || !e2eRedisUrl) throw new Error("needs DATABASE_URL=mysql://… and REDIS_URL");
  const name = `parley_e2e_${randomBytes(5).toString("hex")}`;
  const server = new URL(e2eMysqlUrl.replace(/^mysql:/, "mariadb:"));
  const connect = () =>
    mariadb.createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  const connection = await connect();
  await connection.query(`CREATE DATABASE \`${name}\``);
  await connection.end();
  const databaseUrl = new URL(e2eMysqlUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    env: {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: e2eRedisUrl,
      REDIS_KEY_PREFIX: `parley_e2e_${randomBytes(4).toString("hex")}:`,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      SEED_DEMO: "1",
    },
    async drop() {
      const again = await connect();
      await again.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await again.end();
    },
  };
}
