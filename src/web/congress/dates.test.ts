import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatDate } from '../platform/format';
import { parseVietnameseDate } from './dates';

describe('calendar dates on screen', () => {
  it('shows a date entered as 31/10/2025 as 31/10/2025', () => {
    const stored = parseVietnameseDate('31/10/2025');
    expect(stored).toBe('2025-10-31');
    expect(formatDate(stored)).toBe('31/10/2025');
    expect(parseVietnameseDate('31/02/2025')).toBeNull();
    expect(parseVietnameseDate('2025-10-31')).toBeNull();
  });

  it.each(['UTC', 'Asia/Ho_Chi_Minh', 'America/Los_Angeles', 'Pacific/Kiritimati'])(
    'shows 31/10/2025 in a process whose time zone is %s',
    (zone) => {
      // A fresh process, because the time zone of a running one is fixed at start.
      const script = `import('./src/web/platform/format.ts').then(({ formatDate }) => process.stdout.write(formatDate('2025-10-31')))`;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      });
      expect(out).toBe('31/10/2025');
    },
  );
});
