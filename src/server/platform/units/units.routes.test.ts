import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness';

type UnitList = {
  items: {
    code: string;
    name: string;
    shortName: string;
    type: string;
    parentCode: string | null;
  }[];
  total: number;
};

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('GET /api/v1/units', () => {
  it('lists the 34 provinces and 3,321 communes of the real tree', async () => {
    const provinces = await t.anonymous.get<UnitList>('/api/v1/units?level=province');
    expect(provinces.status).toBe(200);
    expect(provinces.body.items.filter((u) => /^\d{2}$/.test(u.code))).toHaveLength(34);
    const communes = await t.anonymous.get<UnitList>('/api/v1/units?level=commune&limit=1');
    // Other test files may add their own units; the real communes have 5-digit codes.
    const real = await t.anonymous.get<UnitList>('/api/v1/units?level=commune&limit=5000');
    expect(real.body.items.filter((u) => /^\d{5}$/.test(u.code))).toHaveLength(3321);
    expect(communes.body.total).toBeGreaterThanOrEqual(3321);
  });

  it.each(['da nang', 'DA NANG', 'Đà Nẵng', 'Đà Nẵng'.normalize('NFD')])(
    'finds the city for %j',
    async (q) => {
      const found = await t.anonymous.get<UnitList>(`/api/v1/units?q=${encodeURIComponent(q)}`);
      expect(found.body.items[0]).toMatchObject({
        code: '48',
        name: 'Thành phố Đà Nẵng',
        type: 'Thành phố',
      });
    },
  );

  it.each(['hoa binh', 'Hoà Bình', 'Hòa Bình'])(
    'finds the three wards named Phường Hòa Bình for %j',
    async (q) => {
      const found = await t.anonymous.get<UnitList>(
        `/api/v1/units?level=commune&q=${encodeURIComponent(q)}`,
      );
      expect(found.body.items.filter((u) => u.name === 'Phường Hòa Bình')).toHaveLength(3);
    },
  );

  it('lists the communes of a province in Vietnamese order', async () => {
    const found = await t.anonymous.get<UnitList>('/api/v1/units?parent=48&limit=500');
    expect(found.body.total).toBe(94);
    const names = found.body.items.map((u) => u.shortName);
    const sorted = [...names].sort(new Intl.Collator('vi').compare);
    expect(names.slice(0, 10)).toEqual(sorted.slice(0, 10));
    expect(found.body.items.every((u) => u.parentCode === '48')).toBe(true);
  });

  it('refuses a bad level with a Vietnamese message naming the field', async () => {
    const bad = await t.anonymous.get<{ error: { code: string; field: string; message: string } }>(
      '/api/v1/units?level=district',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('level');
    expect(bad.body.error.message).toContain('level');
  });
});

describe('GET /api/v1/units/:code', () => {
  it('returns a unit with its ancestors', async () => {
    const unit = await t.anonymous.get<{ name: string; ancestors: { code: string }[] }>(
      '/api/v1/units/20242',
    );
    expect(unit.status).toBe(200);
    expect(unit.body.name).toBe('Phường Hải Châu');
    expect(unit.body.ancestors.map((a) => a.code)).toEqual(['TW', '48']);
  });

  it('answers 404 for an unknown code', async () => {
    const missing = await t.anonymous.get<{ error: { code: string } }>('/api/v1/units/99999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});

describe('POST /api/v1/units/merge', () => {
  it('keeps the old units and their history queryable after a merge', async () => {
    const tree = await t.factory.tree();
    const admin = await t.factory.admin();
    const merged = await admin.client.post('/api/v1/units/merge', {
      fromCodes: [tree.communeA.code, tree.communeB.code],
      into: { code: `${tree.province.code}9`, name: 'Xã Hợp Nhất', type: 'Xã' },
      effectiveDate: '2026-01-01',
      basis: 'Nghị quyết thử nghiệm',
    });
    expect(merged.status).toBe(201);
    const old = await t.anonymous.get<{
      validTo: string;
      successors: { unit: { code: string } }[];
    }>(`/api/v1/units/${tree.communeA.code}`);
    expect(old.body.validTo).toBe('2025-12-31');
    expect(old.body.successors[0]?.unit.code).toBe(`${tree.province.code}9`);
    const current = await t.anonymous.get<UnitList>(`/api/v1/units?parent=${tree.province.code}`);
    expect(current.body.items.map((u) => u.code)).toEqual([`${tree.province.code}9`]);
    const all = await t.anonymous.get<UnitList>(
      `/api/v1/units?parent=${tree.province.code}&includeHistoric=true`,
    );
    expect(all.body.total).toBe(3);
  });

  it('needs an administrator', async () => {
    const tree = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.province.code);
    const body = {
      fromCodes: [tree.communeA.code, tree.communeB.code],
      into: { code: 'X1', name: 'Xã Mới', type: 'Xã' },
      effectiveDate: '2026-01-01',
    };
    expect((await t.anonymous.post('/api/v1/units/merge', body)).status).toBe(401);
    expect((await cadre.client.post('/api/v1/units/merge', body)).status).toBe(403);
    const admin = await t.factory.admin();
    const bad = await admin.client.post<{ error: { field: string } }>('/api/v1/units/merge', {
      ...body,
      effectiveDate: '31/12/2025',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('effectiveDate');
  });
});

describe('POST /api/v1/units/split', () => {
  it('splits a commune in two and links both new units to the old one', async () => {
    const tree = await t.factory.tree();
    const admin = await t.factory.admin();
    const p = tree.province.code;
    const split = await admin.client.post<{ items: { code: string }[] }>('/api/v1/units/split', {
      fromCode: tree.communeA.code,
      into: [
        { code: `${p}7`, name: 'Xã Bắc Hòa', type: 'Xã' },
        { code: `${p}8`, name: 'Phường Nam Hòa', type: 'Phường' },
      ],
      effectiveDate: '2026-07-01',
    });
    expect(split.status).toBe(201);
    expect(split.body.items.map((u) => u.code)).toEqual([`${p}7`, `${p}8`]);
    const old = await t.anonymous.get<{ successors: { unit: { code: string }; event: string }[] }>(
      `/api/v1/units/${tree.communeA.code}`,
    );
    expect(old.body.successors.map((s) => [s.unit.code, s.event]).sort()).toEqual([
      [`${p}7`, 'split'],
      [`${p}8`, 'split'],
    ]);
    const found = await t.anonymous.get<UnitList>(
      `/api/v1/units?q=${encodeURIComponent('nam hoa')}&parent=${p}`,
    );
    expect(found.body.items.map((u) => u.code)).toEqual([`${p}8`]);
  });

  it('refuses a unit that still has units below it, and a reused code, changing nothing', async () => {
    const tree = await t.factory.tree();
    const admin = await t.factory.admin();
    const withChildren = await admin.client.post<{ error: { field: string } }>(
      '/api/v1/units/split',
      {
        fromCode: tree.province.code,
        into: [
          { code: 'ZZ1', name: 'Tỉnh Một', type: 'Tỉnh' },
          { code: 'ZZ2', name: 'Tỉnh Hai', type: 'Tỉnh' },
        ],
        effectiveDate: '2026-07-01',
      },
    );
    expect(withChildren.status).toBe(400);
    expect(withChildren.body.error.field).toBe('fromCodes');
    const reused = await admin.client.post('/api/v1/units/split', {
      fromCode: tree.communeA.code,
      into: [
        { code: tree.communeB.code, name: 'Xã Trùng', type: 'Xã' },
        { code: 'ZZ3', name: 'Xã Mới', type: 'Xã' },
      ],
      effectiveDate: '2026-07-01',
    });
    expect(reused.status).toBe(409);
    const still = await t.anonymous.get<{ validTo: string | null }>(
      `/api/v1/units/${tree.communeA.code}`,
    );
    expect(still.body.validTo).toBeNull();
    expect((await t.anonymous.get('/api/v1/units/ZZ3')).status).toBe(404);
  });
});
