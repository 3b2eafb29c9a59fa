import type { TestClient } from '../../../test/harness';

type ErrorBody = { error: { code: string; field?: string; message: string } };

/**
 * Uploads one text document to the library: `metadata` (a JSON string is sent as is, so broken
 * metadata can be tried), `text` as the file's content under `fileName`.
 */
export function uploadDocument(
  client: TestClient,
  metadata: Record<string, unknown> | string,
  text: string,
  fileName = 'tai-lieu.txt',
) {
  const form = new FormData();
  form.set('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
  form.set('file', new Blob([Buffer.from(text)]), fileName);
  return client.request<{ id: number } & ErrorBody>('POST', '/api/v1/library/documents', {
    body: form,
  });
}
