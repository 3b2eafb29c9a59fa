import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { fold } from '@common/text/vietnamese';
import { rows, type Executor } from '../platform/db/client';
import { visibleCondition } from './library.policy';

/**
 * OAI-PMH 2.0 data provider over the public collection, with Dublin Core (oai_dc). Everything
 * is read with the anonymous reader's visibility, so internal and restricted documents and
 * documents under embargo are never disclosed to harvesters.
 */

export const OAI_PAGE_SIZE = 100;
const ID_PREFIX = 'oai:mattranso:library/';
const VERBS = [
  'Identify',
  'ListMetadataFormats',
  'ListSets',
  'ListIdentifiers',
  'ListRecords',
  'GetRecord',
] as const;
type Verb = (typeof VERBS)[number];

const ALLOWED: Record<Verb, { required: string[]; optional: string[] }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: ['resumptionToken'] },
  ListIdentifiers: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set', 'resumptionToken'],
  },
  ListRecords: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set', 'resumptionToken'],
  },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};

type OaiError = { code: string; message: string };
type Args = Record<string, string>;

/** Escapes text for XML and drops characters XML 1.0 cannot carry. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&apos;');
}

function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Set spec of a document type: "type:nghi-dinh". */
export function typeSetSpec(docType: string): string {
  return `type:${fold(docType)
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '')}`;
}

type Row = {
  id: number;
  title: string;
  number: string | null;
  doc_type: string;
  issuer: string | null;
  signer: string | null;
  issued_on: string | null;
  topics: string[];
  description: string | null;
  source: string | null;
  rights: string | null;
  file_type: string | null;
  level: string;
  updated_at: Date | string;
};

/** The one format this provider disseminates; a resumption token names it like the request. */
const METADATA_PREFIX = 'oai_dc';
/** Longer than any token this provider issues; anything longer is refused before decoding. */
const MAX_TOKEN_LENGTH = 1000;
/** A position in a list: the last record id sent and how many records were sent so far. */
const position = z.int().min(1);

/**
 * What a resumption token holds: the request it continues and where the last page ended. Tokens
 * are plain base64url JSON and not signed: they only page through records anyone may harvest, so
 * an edited token can reveal nothing; every field is therefore checked on the way back in.
 */
const tokenSchema = z.strictObject({
  verb: z.enum(['ListIdentifiers', 'ListRecords']),
  metadataPrefix: z.literal(METADATA_PREFIX),
  after: position,
  cursor: position,
  from: z.string().max(20).optional(),
  until: z.string().max(20).optional(),
  set: z.string().max(200).optional(),
});
type Token = z.infer<typeof tokenSchema>;
type ListVerb = Token['verb'];

function encodeToken(token: Token): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** The token as sent by this provider for the verb, or null for anything else. */
function decodeToken(text: string, verb: ListVerb): Token | null {
  if (text.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/u.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = tokenSchema.safeParse(json);
  return parsed.success && parsed.data.verb === verb ? parsed.data : null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/u;
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u;

/**
 * A from/until argument as an instant, or null unless it is a real date (or date and time) in one
 * of the two granularities: Date rolls "2025-02-31" over to March, so the value must read back.
 */
function parseStamp(value: string, end: boolean): Date | null {
  const day = DAY.test(value);
  if (!day && !SECOND.test(value)) return null;
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return null;
  const written = date.toISOString().replace('.000Z', 'Z');
  if ((day ? written.slice(0, 10) : written) !== value) return null;
  return day && end ? new Date(date.getTime() + 86_399_000) : date;
}

/**
 * The instants PostgreSQL reads back from ISO text: year 1 up to the end of year 9999. Every
 * datestamp lies inside, so a bound outside them either keeps every record or none.
 */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const AFTER_LAST_INSTANT = Date.parse('+010000-01-01T00:00:00Z');

export type OaiRequest = {
  baseUrl: string;
  args: Record<string, string[]>;
  /** Records per list response; OAI_PAGE_SIZE unless configured. */
  pageSize?: number;
};

/** The start of every response: the envelope, the response date and the request echoed. */
function responseHead(baseUrl: string, attrs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n<responseDate>${isoSeconds(new Date())}</responseDate>\n<request${attrs}>${xml(baseUrl)}</request>\n`;
}

function errorsXml(baseUrl: string, errs: OaiError[], attrs = ''): string {
  return `${responseHead(baseUrl, attrs)}${errs.map((e) => `<error code="${e.code}">${xml(e.message)}</error>`).join('\n')}\n</OAI-PMH>\n`;
}

/**
 * The XML body of a request that failed outside the protocol, sent with an HTTP error status: a
 * request HTTP could not take (badArgument), or a fault of this server. OAI-PMH has no code for
 * the latter; the status 500 is what a harvester acts on, the code and text only explain it.
 */
export function oaiFailure(baseUrl: string, fault: boolean, requestId: string): string {
  return errorsXml(baseUrl, [
    fault
      ? {
          code: 'serverError',
          message: `Lỗi máy chủ, hãy thử lại sau (mã yêu cầu ${requestId}).`,
        }
      : { code: 'badArgument', message: 'Yêu cầu không hợp lệ.' },
  ]);
}

/** Answers one OAI-PMH request with the XML body (always HTTP 200, errors inside the XML). */
export async function handleOai(db: Executor, request: OaiRequest): Promise<string> {
  const verbs = request.args.verb ?? [];
  const head = (attrs: string) => responseHead(request.baseUrl, attrs);
  const fail = (errs: OaiError[], attrs = '') => errorsXml(request.baseUrl, errs, attrs);

  if (verbs.length !== 1 || !VERBS.includes(verbs[0] as Verb)) {
    return fail([
      {
        code: 'badVerb',
        message: verbs.length > 1 ? 'Tham số verb bị lặp lại.' : 'Thiếu hoặc sai tham số verb.',
      },
    ]);
  }
  const verb = verbs[0] as Verb;
  const rule = ALLOWED[verb];
  const args: Args = {};
  const problems: OaiError[] = [];
  // Arguments this verb takes that were given, once or more: a repeated one is not also missing.
  const given: string[] = [];
  for (const [name, values] of Object.entries(request.args)) {
    if (name === 'verb') continue;
    if (![...rule.required, ...rule.optional].includes(name)) {
      problems.push({ code: 'badArgument', message: `Tham số không hợp lệ với ${verb}: ${name}.` });
      continue;
    }
    given.push(name);
    if (values.length !== 1) {
      problems.push({ code: 'badArgument', message: `Tham số ${name} bị lặp lại.` });
    } else {
      args[name] = values[0]!;
    }
  }
  if (given.includes('resumptionToken')) {
    if (given.length > 1) {
      problems.push({
        code: 'badArgument',
        message: 'resumptionToken phải là tham số duy nhất (ngoài verb).',
      });
    }
  } else {
    for (const name of rule.required) {
      if (!given.includes(name))
        problems.push({ code: 'badArgument', message: `Thiếu tham số ${name}.` });
    }
  }
  if (problems.length) return fail(problems);
  const attrs = ` verb="${verb}"${Object.entries(args)
    .map(([k, v]) => ` ${k}="${xml(v)}"`)
    .join('')}`;
  const body = await answer(db, request.baseUrl, verb, args, request.pageSize ?? OAI_PAGE_SIZE);
  if ('errors' in body) {
    // After badArgument the request element carries no attributes (OAI-PMH 2.0, section 3.2).
    const bad = body.errors.some((e) => e.code === 'badArgument');
    return fail(body.errors, bad ? '' : attrs);
  }
  return `${head(attrs)}<${verb}>\n${body.xml}</${verb}>\n</OAI-PMH>\n`;
}

async function answer(
  db: Executor,
  baseUrl: string,
  verb: Verb,
  args: Args,
  pageSize: number,
): Promise<{ xml: string } | { errors: OaiError[] }> {
  const publicOnly = visibleCondition(null);
  switch (verb) {
    case 'Identify': {
      const [first] = await rows<{ at: Date | string | null }>(
        db,
        sql`SELECT min(${DATESTAMP}) AS at FROM library_documents d WHERE ${publicOnly}`,
      );
      const earliest = first?.at ? isoSeconds(new Date(first.at)) : '2000-01-01T00:00:00Z';
      return {
        xml: `<repositoryName>Thư viện số cộng đồng — Mặt trận số</repositoryName>
<baseURL>${xml(baseUrl)}</baseURL>
<protocolVersion>2.0</protocolVersion>
<adminEmail>thuvien@mattranso.vn</adminEmail>
<earliestDatestamp>${earliest}</earliestDatestamp>
<deletedRecord>no</deletedRecord>
<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>
`,
      };
    }
    case 'ListMetadataFormats': {
      if (args.identifier && !(await findRecord(db, args.identifier))) {
        return {
          errors: [{ code: 'idDoesNotExist', message: 'Không có bản ghi với định danh này.' }],
        };
      }
      return {
        xml: `<metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat>\n`,
      };
    }
    case 'ListSets': {
      if (args.resumptionToken !== undefined) return { errors: [badResumptionToken()] };
      const types = await rows<{ doc_type: string }>(
        db,
        sql`SELECT DISTINCT d.doc_type FROM library_documents d WHERE ${publicOnly} ORDER BY d.doc_type`,
      );
      const levels: [string, string][] = [
        ['central', 'Trung ương'],
        ['province', 'Cấp tỉnh'],
        ['commune', 'Cấp xã'],
      ];
      return {
        xml: [
          ...types.map(
            (t) =>
              `<set><setSpec>${typeSetSpec(t.doc_type)}</setSpec><setName>${xml(t.doc_type)}</setName></set>`,
          ),
          ...levels.map(
            ([spec, name]) =>
              `<set><setSpec>level:${spec}</setSpec><setName>${name}</setName></set>`,
          ),
        ]
          .map((s) => `${s}\n`)
          .join(''),
      };
    }
    case 'GetRecord': {
      if (args.metadataPrefix !== METADATA_PREFIX) return { errors: [cannotDisseminate()] };
      const record = await findRecord(db, args.identifier!);
      if (!record)
        return {
          errors: [{ code: 'idDoesNotExist', message: 'Không có bản ghi với định danh này.' }],
        };
      return { xml: recordXml(record, baseUrl, true) };
    }
    case 'ListIdentifiers':
    case 'ListRecords':
      return list(db, baseUrl, verb, args, pageSize);
  }
}

function cannotDisseminate(): OaiError {
  return { code: 'cannotDisseminateFormat', message: 'Chỉ hỗ trợ định dạng oai_dc.' };
}

async function findRecord(db: Executor, identifier: string): Promise<Row | null> {
  // Only the identifier as issued names a record: not "…/0x1", "…/01" or "…/1e0".
  const digits = identifier.startsWith(ID_PREFIX) ? identifier.slice(ID_PREFIX.length) : '';
  if (!/^[1-9]\d{0,14}$/u.test(digits)) return null;
  const id = Number(digits);
  const [row] = await rows<Row>(
    db,
    sql`${selectRecords()} WHERE ${visibleCondition(null)} AND d.id = ${id}`,
  );
  return row ?? null;
}

/**
 * The datestamp of a record: its last change, or the start of the day its embargo ends if that
 * is later, so that harvesters asking "changed since" pick up documents released by the date.
 */
const DATESTAMP = sql`GREATEST(d.updated_at, d.embargo_until::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;

function selectRecords(): SQL {
  return sql`SELECT d.id::int AS id, d.title, d.number, d.doc_type, d.issuer, d.signer, d.issued_on::text AS issued_on,
    d.topics, d.description, d.source, d.rights, d.file_type, d.level, ${DATESTAMP} AS updated_at FROM library_documents d`;
}

function badResumptionToken(): OaiError {
  return { code: 'badResumptionToken', message: 'Mã tiếp tục không hợp lệ hoặc đã hết hạn.' };
}

/** The conditions of a list request's from, until and set, or the error in one of them. */
async function filterOf(db: Executor, token: Token): Promise<SQL[] | OaiError> {
  const where: SQL[] = [visibleCondition(null)];
  const from = token.from ? parseStamp(token.from, false) : null;
  const until = token.until ? parseStamp(token.until, true) : null;
  if ((token.from && !from) || (token.until && !until)) {
    return {
      code: 'badArgument',
      message: 'from/until phải có dạng YYYY-MM-DD hoặc YYYY-MM-DDThh:mm:ssZ.',
    };
  }
  if (token.from && token.until && DAY.test(token.from) !== DAY.test(token.until)) {
    return { code: 'badArgument', message: 'from và until phải cùng độ chi tiết.' };
  }
  if (from && until && from > until) return { code: 'badArgument', message: 'from lớn hơn until.' };
  // A bound before year 1 or after year 9999 is not sent: PostgreSQL cannot read it back.
  if (from && from.getTime() >= FIRST_INSTANT) {
    where.push(sql`${DATESTAMP} >= ${from.toISOString()}::timestamptz`);
  }
  const end = until ? until.getTime() + 1000 : null;
  if (end !== null && end < FIRST_INSTANT) where.push(sql`false`);
  else if (end !== null && end < AFTER_LAST_INSTANT) {
    where.push(sql`${DATESTAMP} < ${new Date(end).toISOString()}::timestamptz`);
  }
  if (token.set) {
    const [kind, value] = token.set.split(':');
    if (kind === 'level' && value) where.push(sql`d.level = ${value}`);
    else if (kind === 'type' && value) {
      const types = await rows<{ doc_type: string }>(
        db,
        sql`SELECT DISTINCT doc_type FROM library_documents`,
      );
      const match = types.find((t) => typeSetSpec(t.doc_type) === token.set);
      where.push(match ? sql`d.doc_type = ${match.doc_type}` : sql`false`);
    } else {
      return { code: 'noRecordsMatch', message: 'Không có tập hợp này.' };
    }
  }
  return where;
}

async function list(
  db: Executor,
  baseUrl: string,
  verb: ListVerb,
  args: Args,
  pageSize: number,
): Promise<{ xml: string } | { errors: OaiError[] }> {
  let token: Token;
  if (args.resumptionToken !== undefined) {
    const decoded = decodeToken(args.resumptionToken, verb);
    if (!decoded) return { errors: [badResumptionToken()] };
    token = decoded;
  } else {
    if (args.metadataPrefix !== METADATA_PREFIX) return { errors: [cannotDisseminate()] };
    token = {
      verb,
      metadataPrefix: METADATA_PREFIX,
      after: 0,
      cursor: 0,
      from: args.from,
      until: args.until,
      set: args.set,
    };
  }
  const where = await filterOf(db, token);
  if (!Array.isArray(where)) {
    // A token carries only arguments this provider accepted: one that fails them was edited.
    return { errors: [args.resumptionToken === undefined ? where : badResumptionToken()] };
  }
  const condition = sql.join(where, sql` AND `);
  const [counted] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM library_documents d WHERE ${condition}`,
  );
  const found = await rows<Row>(
    db,
    sql`${selectRecords()} WHERE ${condition} AND d.id > ${token.after} ORDER BY d.id LIMIT ${pageSize}`,
  );
  if (found.length === 0 && token.cursor === 0)
    return { errors: [{ code: 'noRecordsMatch', message: 'Không có bản ghi nào khớp.' }] };
  const total = counted?.n ?? 0;
  const nextCursor = token.cursor + found.length;
  const last = found[found.length - 1];
  const more = nextCursor < total && last;
  const resumption = more
    ? `<resumptionToken completeListSize="${total}" cursor="${token.cursor}">${encodeToken({ ...token, after: last.id, cursor: nextCursor })}</resumptionToken>\n`
    : token.cursor > 0
      ? `<resumptionToken completeListSize="${total}" cursor="${token.cursor}"/>\n`
      : '';
  const items = found
    .map((r) => (verb === 'ListRecords' ? recordXml(r, baseUrl, true) : `${headerXml(r)}\n`))
    .join('');
  return { xml: `${items}${resumption}` };
}

function headerXml(r: Row): string {
  const sets = [typeSetSpec(r.doc_type), `level:${r.level}`]
    .map((s) => `<setSpec>${s}</setSpec>`)
    .join('');
  return `<header><identifier>${ID_PREFIX}${r.id}</identifier><datestamp>${isoSeconds(new Date(r.updated_at))}</datestamp>${sets}</header>`;
}

function recordXml(r: Row, baseUrl: string, withMetadata: boolean): string {
  const site = baseUrl.replace(/\/oai$/u, '');
  const dc = (name: string, value: string | null | undefined) =>
    value ? `<dc:${name}>${xml(value)}</dc:${name}>` : '';
  const metadata = withMetadata
    ? `<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">${[
        dc('title', r.title),
        dc('creator', r.issuer),
        ...r.topics.map((t) => dc('subject', t)),
        dc('description', r.description),
        dc('publisher', r.issuer),
        dc('contributor', r.signer),
        dc('date', r.issued_on),
        dc('type', r.doc_type),
        dc('format', r.file_type),
        dc('identifier', `${site}/library/documents/${r.id}`),
        dc('identifier', r.number),
        dc('source', r.source),
        dc('language', 'vi'),
        dc('rights', r.rights),
      ].join('')}</oai_dc:dc></metadata>`
    : '';
  return `<record>${headerXml(r)}${metadata}</record>\n`;
}
