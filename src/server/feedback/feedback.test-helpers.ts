import type { TestClient } from '../../../test/harness';

/** A valid public submission for a commune, with optional overrides. */
export function submission(
  provinceCode: string,
  communeCode: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    type: 'phan_anh',
    field: 'giao_thong',
    title: 'Ổ gà lớn trên đường Lê Lợi',
    content: 'Đoạn đường trước số 12 có ổ gà sâu, xe máy dễ ngã vào ban đêm.',
    provinceCode,
    communeCode,
    address: 'Trước số 12 Lê Lợi',
    anonymous: false,
    consent: true,
    petitioner: {
      name: 'Nguyễn Văn Bình',
      phone: '0905123456',
      email: 'binh@example.vn',
      idNumber: '048090001234',
      address: '12 Lê Lợi',
    },
    ...overrides,
  };
}

export type Detail = {
  id: number;
  trackingCode: string;
  status: string;
  version: number;
  unitCode: string;
  dueAt: string | null;
  petitioner: Record<string, string | null> | null;
  actions: string[];
  events: { action: string; note: string | null; public: boolean }[];
  attachments: { id: number; fileName: string; contentType: string }[];
};

/** Creates a case and returns its id as seen by a handler. */
export async function createCase(
  anonymous: TestClient,
  staff: TestClient,
  body: Record<string, unknown>,
): Promise<Detail> {
  const created = await anonymous.post<{ trackingCode: string }>('/api/v1/feedback', body);
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
  const list = await staff.get<{ items: { id: number }[] }>(
    `/api/v1/feedback?q=${encodeURIComponent(created.body.trackingCode)}`,
  );
  const id = list.body.items[0]?.id;
  if (!id) throw new Error('created case not in the inbox');
  return (await staff.get<Detail>(`/api/v1/feedback/${id}`)).body;
}

/** Runs a transition with the case's current version. */
export async function act(
  client: TestClient,
  c: { id: number; version: number },
  action: string,
  extra: Record<string, unknown> = {},
) {
  return client.post<Detail & { error?: { code: string; field?: string } }>(
    `/api/v1/feedback/${c.id}/transitions`,
    {
      action,
      expectedVersion: c.version,
      ...extra,
    },
  );
}
