/**
 * Creates the first administrator: npm run create-admin -- --username NAME --full-name "Họ Tên".
 * The password comes from ADMIN_PASSWORD or is asked for on the terminal.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createContext, openDatabase, prepareData } from '../../bootstrap';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { PASSWORD_RULE } from '../auth/password';
import { loadConfig } from '../config';
import { createLogger } from '../http/logger';
import { CENTRAL_CODE } from '../units/units.service';
import { createUser } from '../users/users.service';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    'full-name': { type: 'string', default: 'Quản trị hệ thống' },
    email: { type: 'string' },
  },
});

async function askPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const password = await rl.question(`Mật khẩu (ít nhất ${PASSWORD_RULE.minLength} ký tự): `);
  rl.close();
  return password;
}

const username = values.username?.trim().toLowerCase();
if (!username || !/^[a-z0-9][a-z0-9._-]{2,49}$/.test(username)) {
  console.error('Cần --username: chữ thường không dấu, số, dấu chấm, gạch; 3–50 ký tự.');
  process.exit(2);
}
const password = await askPassword();
if (password.length < PASSWORD_RULE.minLength) {
  console.error(`Mật khẩu: ${PASSWORD_RULE.message}`);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase(config);
try {
  const ctx = createContext(config, database, createLogger('warn'));
  await prepareData(ctx);
  const id = await createUser(
    ctx.db,
    {
      username,
      fullName: values['full-name'] ?? 'Quản trị hệ thống',
      email: values.email ?? null,
      password,
      roles: [{ unitCode: CENTRAL_CODE, role: 'admin' }],
    },
    config.argon2,
    SYSTEM_ACTOR,
  );
  console.log(`Đã tạo quản trị viên ${username} (mã ${id}).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await database.close();
}
