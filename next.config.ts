import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and driver packages stay plain Node requires in the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-mariadb", "ioredis", "@node-rs/argon2", "@node-rs/jieba"],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run dev` opened as http://127.0.0.1:3000 (as the e2e tests do) is not a cross-origin dev request.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
