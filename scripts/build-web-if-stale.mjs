// Builds the web interface when dist/web is missing or older than its sources, so `npm start`
// works on a fresh clone and stays quick afterwards.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const marker = path.join(root, 'dist', 'web', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  newest(path.join(root, 'src', 'web')),
  newest(path.join(root, 'src', 'common')),
  statSync(path.join(root, 'vite.config.ts')).mtimeMs,
);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
  process.stdout.write('Đang dựng giao diện web (vite build)…\n');
  execSync('npx vite build --logLevel warn', { cwd: root, stdio: 'inherit' });
}
