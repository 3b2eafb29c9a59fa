import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import { createWorker } from 'tesseract.js';
import { toNfc } from '@common/text/vietnamese';
import type { AppContext } from '../platform/context';
import { rows, type Executor } from '../platform/db/client';
import { indexDocument } from './library.index';
import { passagesFor } from './library.structure';

const require = createRequire(import.meta.url);
/** The Vietnamese trained data shipped inside the npm package @tesseract.js-data/vie. */
const VIETNAMESE = require('@tesseract.js-data/vie') as { langPath: string };

/** Progress is written at most this often, not on every tick of the recogniser. */
const PROGRESS_EVERY_MS = 500;

type Job = {
  id: number;
  document_id: number;
  file_key: string;
  title: string;
  number: string | null;
  issuer: string | null;
  topics: string[];
  description: string | null;
  access: string;
  embargo_until: string | null;
};

/** Queues the Vietnamese OCR of a document's scanned image; returns the job's id. */
export async function queueOcr(db: Executor, documentId: number): Promise<number> {
  const [job] = await rows<{ id: number }>(
    db,
    sql`INSERT INTO library_jobs (kind, document_id) VALUES ('ocr', ${documentId}) RETURNING id::int AS id`,
  );
  return Number(job!.id);
}

/**
 * Runs one queued OCR job in the background (after the upload's transaction, never on the
 * request path): recognises the image in Vietnamese, records progress in library_jobs, then
 * indexes the text like any other document.
 */
export async function runOcrJob(ctx: AppContext, jobId: number): Promise<void> {
  const [job] = await rows<Job>(
    ctx.db,
    sql`UPDATE library_jobs j SET status = 'running', started_at = now(), attempts = attempts + 1
        FROM library_documents d
        WHERE j.id = ${jobId} AND j.status = 'queued' AND d.id = j.document_id
        RETURNING j.id::int AS id, j.document_id::int AS document_id, d.file_key, d.title, d.number, d.issuer,
          d.topics, d.description, d.access, d.embargo_until::text AS embargo_until`,
  );
  if (!job) return;
  let lastWrite = 0;
  const progress = (value: number) => {
    const now = Date.now();
    if (now - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = now;
    void ctx.db
      .execute(
        sql`UPDATE library_jobs SET progress = ${value} WHERE id = ${jobId} AND status = 'running'`,
      )
      .catch(() => undefined);
  };
  const worker = await createWorker('vie', 1, {
    langPath: VIETNAMESE.langPath,
    gzip: true,
    cacheMethod: 'none',
    logger: (m: { status: string; progress: number }) => {
      if (m.status === 'recognizing text') progress(Math.round(m.progress * 100) / 100);
    },
  });
  try {
    const image = await ctx.storage.get(job.file_key);
    const result = await worker.recognize(image);
    const text = toNfc(result.data.text).trim();
    const passages = passagesFor({ unit: 'page', parts: [text] });
    await ctx.db.transaction(async (tx) => {
      await indexDocument(
        tx,
        job.document_id,
        {
          title: job.title,
          number: job.number,
          issuer: job.issuer,
          topics: job.topics,
          description: job.description,
        },
        passages,
        { publicWords: job.access === 'public' && !job.embargo_until },
      );
      await tx.execute(
        sql`UPDATE library_documents SET text_status = 'done', page_count = 1, updated_at = now() WHERE id = ${job.document_id}`,
      );
      await tx.execute(sql`UPDATE library_jobs SET status = 'done', progress = 1, finished_at = now(),
        message = ${`Nhận dạng được ${text.length} ký tự`} WHERE id = ${jobId}`);
    });
  } catch (error) {
    ctx.log.error({ err: error, jobId }, 'OCR job failed');
    await ctx.db.execute(sql`UPDATE library_jobs SET status = 'failed', finished_at = now(),
      message = 'Không nhận dạng được chữ trong ảnh.' WHERE id = ${jobId}`);
    await ctx.db.execute(
      sql`UPDATE library_documents SET text_status = 'failed' WHERE id = ${job.document_id}`,
    );
  } finally {
    await worker.terminate();
  }
}

export type JobView = { id: number; status: string; progress: number; message: string | null };

/** The OCR jobs of a document, newest first. */
export async function jobsOf(ctx: AppContext, documentId: number): Promise<JobView[]> {
  return rows<JobView>(
    ctx.db,
    sql`SELECT id::int AS id, status, progress, message FROM library_jobs WHERE document_id = ${documentId} ORDER BY id DESC`,
  );
}
