import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.ts";

const mysql = { DATABASE_URL: "mysql://root@127.0.0.1:3306/parley", SESSION_SECRET: "x".repeat(32), DATA_DIR: "/tmp/parley-config-test" };

describe("upload storage choice", () => {
  it("is the local disk in the embedded default", () => {
    expect(loadConfig({ DATA_DIR: "/tmp/parley-config-test" }).storage).toEqual({ kind: "disk", root: "/tmp/parley-config-test/uploads" });
  });

  it("is the database on MySQL without an object store, so N nodes share files with nothing else to run", () => {
    expect(loadConfig(mysql).storage).toEqual({ kind: "database" });
  });

  it("is S3 when a bucket is named, path style by default for a self-hosted endpoint", () => {
    const storage = loadConfig({
      ...mysql,
      S3_BUCKET: "parley-files",
      S3_ENDPOINT: "http://minio:9000",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
    }).storage;
    expect(storage).toEqual({
      kind: "s3",
      bucket: "parley-files",
      endpoint: "http://minio:9000",
      region: "us-east-1",
      credentials: { accessKeyId: "id", secretAccessKey: "secret" },
      forcePathStyle: true,
      prefix: "uploads/",
    });
    expect(loadConfig({ ...mysql, S3_BUCKET: "parley-files", S3_REGION: "eu-west-1" }).storage).toMatchObject({
      forcePathStyle: false,
      credentials: undefined,
      region: "eu-west-1",
    });
  });

  it("can be forced with UPLOAD_STORAGE (a network disk mounted on every node)", () => {
    expect(loadConfig({ ...mysql, UPLOAD_STORAGE: "disk" }).storage.kind).toBe("disk");
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ ...mysql, UPLOAD_STORAGE: "s3" })).toThrow(
      new ConfigError("Invalid S3_BUCKET: required when UPLOAD_STORAGE=s3"),
    );
    expect(() => loadConfig({ ...mysql, S3_BUCKET: "b!" })).toThrow(/Invalid S3_BUCKET/);
    expect(() => loadConfig({ ...mysql, S3_BUCKET: "bucket", S3_ACCESS_KEY_ID: "only-half" })).toThrow(/Invalid S3_ACCESS_KEY_ID/);
    expect(() => loadConfig({ ...mysql, UPLOAD_STORAGE: "nfs" })).toThrow(/Invalid UPLOAD_STORAGE/);
  });
});
