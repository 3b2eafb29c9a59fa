import { randomBytes } from 'node:crypto';
import type { AppContext } from '@server/platform/context';
import type { Role } from '@server/platform/auth/auth.tables';
import { SYSTEM_ACTOR } from '@server/platform/audit/audit.service';
import { createUser } from '@server/platform/users/users.service';
import { CENTRAL_CODE, unitRow, type Unit } from '@server/platform/units/units.service';
import { units } from '@server/platform/units/units.tables';
import { TestClient } from './harness';

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-1';

let counter = 0;
function uniqueDigits(length: number): string {
  counter += 1;
  const random = randomBytes(4).readUInt32BE() % 10 ** (length - 3);
  return `9${String(counter % 100).padStart(2, '0')}${String(random).padStart(length - 3, '0')}`.slice(
    0,
    length,
  );
}

export type TestTree = { province: Unit; communeA: Unit; communeB: Unit };
export type TestUser = { id: number; username: string; password: string; client: TestClient };

/** Builds real rows for a test: units of its own and users holding roles there. */
export class Factory {
  constructor(
    private readonly ctx: AppContext,
    private readonly baseUrl: string,
  ) {}

  /** A new province with two communes, with codes that no real unit uses. */
  async tree(name = 'Thử Nghiệm'): Promise<TestTree> {
    const provinceCode = `P${uniqueDigits(5)}`;
    const rows = [
      unitRow({
        code: provinceCode,
        name: `Tỉnh ${name} ${provinceCode}`,
        type: 'Tỉnh',
        level: 'province',
        parentCode: CENTRAL_CODE,
        parentPath: CENTRAL_CODE,
      }),
      ...['Hòa An', 'Bình Minh'].map((communeName, i) =>
        unitRow({
          code: `${provinceCode}${i + 1}`,
          name: `Xã ${communeName} ${provinceCode}`,
          type: 'Xã',
          level: 'commune',
          parentCode: provinceCode,
          parentPath: `${CENTRAL_CODE}/${provinceCode}`,
        }),
      ),
    ];
    const created = await this.ctx.db.insert(units).values(rows).returning();
    const [province, communeA, communeB] = created as [Unit, Unit, Unit];
    return { province, communeA, communeB };
  }

  /** A user with one role at a unit, already logged in through the real login route. */
  async user(
    role: Role,
    unitCode: string,
    options: { login?: boolean; fullName?: string } = {},
  ): Promise<TestUser> {
    const username = `u${uniqueDigits(8)}.${role}`;
    const id = await createUser(
      this.ctx.db,
      {
        username,
        fullName: options.fullName ?? `Người dùng ${username}`,
        password: TEST_PASSWORD,
        roles: [{ unitCode, role }],
      },
      this.ctx.config.argon2,
      SYSTEM_ACTOR,
    );
    const client = new TestClient(this.baseUrl);
    if (options.login !== false) await client.login(username, TEST_PASSWORD);
    return { id, username, password: TEST_PASSWORD, client };
  }

  /** A system administrator (admin at the Central Committee), logged in. */
  admin(): Promise<TestUser> {
    return this.user('admin', CENTRAL_CODE);
  }
}
