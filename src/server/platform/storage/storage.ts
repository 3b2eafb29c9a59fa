import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Config } from '../config';

/** Where uploaded files live: a folder on disk by default, S3-compatible storage when set. */
export type FileStorage = {
  kind: 'disk' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
};

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

function checkKey(key: string): string {
  if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`unsafe storage key: ${key}`);
  return key;
}

export function diskStorage(root: string): FileStorage {
  return {
    kind: 'disk',
    async put(key, body) {
      const file = path.join(root, checkKey(key));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
    },
    get: (key) => readFile(path.join(root, checkKey(key))),
    remove: (key) => rm(path.join(root, checkKey(key)), { force: true }),
  };
}

export function s3Storage(s3: NonNullable<Config['s3']>): FileStorage {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretKey },
  });
  return {
    kind: 's3',
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: checkKey(key),
          Body: body,
          ContentType: contentType,
        }),
      );
    },
    async get(key) {
      const out = await client.send(
        new GetObjectCommand({ Bucket: s3.bucket, Key: checkKey(key) }),
      );
      if (!out.Body) throw new Error(`empty object: ${key}`);
      return Buffer.from(await out.Body.transformToByteArray());
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: checkKey(key) }));
    },
  };
}

export function createStorage(config: Config): FileStorage {
  return config.s3 ? s3Storage(config.s3) : diskStorage(path.join(config.dataDir, 'files'));
}

/** Stores one file under a write (see withStoredFiles). */
export type PutFile = (key: string, body: Buffer, contentType: string) => Promise<void>;

/**
 * Runs `write`, which stores its files through `put`; if `write` fails, however late (a
 * transaction's commit included), every file it stored is removed again: no file outlives the
 * record that would find it.
 */
export async function withStoredFiles<T>(
  storage: FileStorage,
  write: (put: PutFile) => Promise<T>,
): Promise<T> {
  const stored: string[] = [];
  try {
    return await write(async (key, body, contentType) => {
      stored.push(key);
      await storage.put(key, body, contentType);
    });
  } catch (error) {
    for (const key of stored) await storage.remove(key).catch(() => undefined);
    throw error;
  }
}
