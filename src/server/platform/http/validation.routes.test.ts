import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../../../../test/harness';
import { submission } from '../../feedback/feedback.test-helpers';
import { vietnameseIssueMessage } from './zod-messages';

type ErrorBody = { error: { code: string; message: string; field?: string } };

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** zod's own technical wording, which must not reach people. */
const TECHNICAL = /mong đợi|nhận được|Đầu vào|Tùy chọn|ISO|NaN|undefined|string|>=|<=/;

function expectPlain(response: { status: number; body: ErrorBody }, field: string, text: string) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('VALIDATION_ERROR');
  expect(response.body.error.field).toBe(field);
  expect(response.body.error.message).toBe(`Trường «${field}»: ${text}`);
  expect(response.body.error.message).not.toMatch(TECHNICAL);
  expect(response.body.error.message).toBe(response.body.error.message.normalize('NFC'));
}

describe('validation messages in plain Vietnamese', () => {
  it('says a missing field must not be empty', async () => {
    const response = await t.anonymous.post<ErrorBody>('/api/v1/auth/login', { username: 'a' });
    expectPlain(response, 'password', 'không được để trống.');
  });

  it('says which type a field must have', async () => {
    const response = await t.anonymous.post<ErrorBody>('/api/v1/auth/login', {
      username: 123,
      password: 'x',
    });
    expectPlain(response, 'username', 'phải là chuỗi ký tự.');
  });

  it('says a number is expected for a query that is not one', async () => {
    const response = await t.anonymous.get<ErrorBody>('/api/v1/units?limit=abc');
    expectPlain(response, 'limit', 'phải là số.');
  });

  it('gives the limits of a number and of a text', async () => {
    const big = await t.anonymous.get<ErrorBody>('/api/v1/units?limit=9000');
    expectPlain(big, 'limit', 'tối đa là 5000.');
    const long = await t.anonymous.get<ErrorBody>(`/api/v1/units?parent=${'1'.repeat(21)}`);
    expectPlain(long, 'parent', 'tối đa 20 ký tự.');
  });

  it('lists a few of the allowed values of a choice', async () => {
    const response = await t.anonymous.get<ErrorBody>('/api/v1/units?level=huyen');
    expect(response.body.error.message).toMatch(
      /^Trường «level»: giá trị không hợp lệ; chọn một trong: «central», «province», «commune»/,
    );
    expect(response.body.error.message).not.toMatch(TECHNICAL);
  });

  it('says a number too large to be a number is not a valid number', async () => {
    const tree = await t.factory.tree();
    const text = JSON.stringify(
      submission(tree.province.code, tree.communeA.code, { lat: 'LAT', lng: 108.2 }),
    ).replace('"LAT"', '1e999');
    const response = await t.anonymous.request<ErrorBody>('POST', '/api/v1/feedback', {
      body: text,
      headers: { 'content-type': 'application/json' },
    });
    expectPlain(response, 'lat', 'phải là số hợp lệ.');
  });

  it('shows the expected date format', async () => {
    const admin = await t.factory.admin();
    const response = await admin.client.put<ErrorBody>('/api/v1/feedback/holidays/31-12-2025', {
      name: 'Ngày thử',
    });
    expectPlain(response, 'day', 'ngày không hợp lệ (định dạng YYYY-MM-DD).');
  });
});

describe('vietnameseIssueMessage', () => {
  const message = (schema: z.ZodType, value: unknown) =>
    schema.safeParse(value).error?.issues[0]?.message;

  it.each([
    [z.string(), undefined, 'không được để trống.'],
    [z.number(), 'x', 'phải là số.'],
    [z.number(), Infinity, 'phải là số hợp lệ.'],
    [z.number().int(), 1.5, 'phải là số nguyên.'],
    [z.boolean(), 'có', 'phải là true hoặc false.'],
    [z.array(z.string()), 'x', 'phải là một danh sách.'],
    [z.array(z.string()).min(1), [], 'cần ít nhất một mục.'],
    [z.string().min(3), 'ab', 'cần ít nhất 3 ký tự.'],
    [z.string().max(3), 'abcd', 'tối đa 3 ký tự.'],
    [z.number().min(1), 0, 'phải từ 1 trở lên.'],
    [z.iso.date(), '2025-13-01', 'ngày không hợp lệ (định dạng YYYY-MM-DD).'],
    [z.email(), 'khong-phai-thu', 'địa chỉ e-mail không hợp lệ.'],
    [z.string().regex(/^\d+$/), 'abc', 'không đúng định dạng.'],
    [z.literal(true), false, 'phải là true.'],
    [
      z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g']),
      'x',
      'giá trị không hợp lệ; chọn một trong: «a», «b», «c», «d», «e», ….',
    ],
  ])('%# answers plainly', (schema, value, expected) => {
    expect(message(schema, value)).toBe(expected);
  });

  it('keeps a message written in the schema', () => {
    expect(message(z.string().min(1, 'cần nhập họ tên.'), '')).toBe('cần nhập họ tên.');
  });

  it('answers every issue code', () => {
    expect(vietnameseIssueMessage({ code: 'custom', input: 1, path: [] })).toBe(
      'giá trị không hợp lệ.',
    );
  });
});

describe('requests Node cannot parse', () => {
  it('answers raw non-ASCII characters in the address in Vietnamese, in the usual shape', async () => {
    const { port, hostname } = new URL(t.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          Buffer.from('GET /library?x=Luật HTTP/1.1\r\nHost: localhost\r\n\r\n', 'utf8'),
        );
      });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'url' });
    expect(body.error.message).toContain('không đọc được');
  });

  it.each([
    ['/api/v1/feedback/track/%E0%A4%A', 400],
    [`/api/v1/units/${'1'.repeat(101)}`, 414],
  ])('answers the router refusing %s in Vietnamese, in the usual shape', async (url, status) => {
    const response = await t.anonymous.get<ErrorBody>(url);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'url' });
    expect(response.body.error.message).toMatch(/^Địa chỉ/u);
  });

  it.each(['multipart/form-data', 'multipart/form-data; boundary=abc'])(
    'answers a broken %s body with 400, not a fault',
    async (type) => {
      const response = await t.anonymous.request<ErrorBody>('POST', '/api/v1/feedback/uploads', {
        body: 'x',
        headers: { 'content-type': type },
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'body' });
    },
  );
});
