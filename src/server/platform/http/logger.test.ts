import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger';

describe('logger', () => {
  it('redacts secrets and personal data', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.info(
      {
        req: {
          headers: { cookie: 'mts_session=phien-bi-mat-7', 'x-csrf-token': 'csrf-gia-tri-42' },
        },
        body: {
          password: 'bi-mat',
          phone: '0905123456',
          email: 'a@b.vn',
          idNumber: '048123456789',
        },
        case: { fullName: 'Nguyễn Văn A', address: '12 Lê Lợi' },
      },
      'request',
    );
    const out = lines.join('');
    for (const secret of [
      'phien-bi-mat-7',
      'csrf-gia-tri-42',
      '"bi-mat"',
      '0905123456',
      'a@b.vn',
      '048123456789',
      'Nguyễn Văn A',
      '12 Lê Lợi',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[ẩn]');
  });
});
