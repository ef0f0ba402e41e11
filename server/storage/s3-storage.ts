import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import { storageKeyPattern, type Storage } from "./storage.ts";

export type S3StorageOptions = {
  bucket: string;
  /** An S3-compatible server (MinIO, Ceph, R2, …); AWS itself when unset. */
  endpoint?: string;
  region: string;
  /** Static credentials; without them the SDK's default chain (instance role, web identity, …) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `endpoint/bucket/key` URLs, which most self-hosted S3 servers need, instead of `bucket.endpoint/key`. */
  forcePathStyle: boolean;
  /** Prepended to every key, so one bucket can hold more than Parley's files. */
  prefix: string;
};

/** Parts of 5 MB (S3's minimum), two in flight: a transfer holds at most ~10 MB, whatever the file's size. */
const partBytes = 5 * 1024 * 1024;
const partsInFlight = 2;

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}

/**
 * Files in an S3-compatible bucket, streamed both ways: a write goes up as a multipart upload fed part by part
 * from the request (a small file as one PUT), aborted on failure so no object or stray parts remain; a read is the
 * object's body stream, handed to the response as it arrives.
 */
export function createS3Storage(options: S3StorageOptions, client?: S3Client): Storage & { close(): void } {
  const s3 =
    client ??
    new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
    });
  const objectKey = (key: string) => {
    if (!storageKeyPattern.test(key)) throw new Error("invalid storage key");
    return `${options.prefix}${key}`;
  };
  return {
    async put(key, body) {
      const upload = new Upload({
        client: s3,
        params: { Bucket: options.bucket, Key: objectKey(key), Body: body, ContentType: "application/octet-stream" },
        partSize: partBytes,
        queueSize: partsInFlight,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        // The SDK aborts a multipart upload itself; a failed single PUT leaves nothing. Either way, make sure.
        body.destroy();
        await s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: objectKey(key) })).catch(() => {});
        throw error;
      }
    },
    async get(key) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }));
        if (!object.Body) return null;
        return { body: object.Body as Readable, size: Number(object.ContentLength ?? 0) };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }));
    },
    close: () => s3.destroy(),
  };
}
