import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { isAdmin, type CurrentUser } from '../platform/auth/access';
import { rows, type Executor } from '../platform/db/client';
import { visibleCollections } from './library.collections';
import { visibleCondition } from './library.policy';
import { queryKey } from './library.query';

/** Keeps one search for the statistics (top searches, searches without result). */
export async function recordSearch(
  db: Executor,
  query: string,
  total: number,
  searcher: string,
): Promise<void> {
  await db.execute(sql`INSERT INTO library_events (kind, query, query_key, result_count, reader)
    VALUES ('search', ${query.slice(0, 500)}, ${queryKey(query)}, ${total}, ${searcher})`);
}

export type LibraryStats = {
  days: number;
  totals: { views: number; downloads: number; searches: number; zeroResults: number };
  daily: { day: string; views: number; downloads: number; searches: number }[];
  topDocuments: {
    id: number;
    title: string;
    number: string | null;
    views: number;
    downloads: number;
  }[];
  topCollections: { id: number; name: string; views: number; documents: number }[];
  topSearches: { query: string; count: number; avgResults: number }[];
  zeroResultSearches: { query: string; count: number }[];
  /** Queries typed by fewer different people than this are not listed to this user. */
  listedFrom: number;
};

/**
 * A query typed by fewer different people than this is not listed by its words, except to a
 * national administrator: what one reader types (a name, the number of a restricted document)
 * is theirs. It still counts in the totals.
 */
export const MIN_LISTED_SEARCHES = 3;

/**
 * Usage over the last `days` days; documents and collections limited to those the user may see,
 * queries listed only when enough different people typed them (see MIN_LISTED_SEARCHES).
 */
export async function libraryStats(
  db: Executor,
  viewer: CurrentUser | null,
  days: number,
): Promise<LibraryStats> {
  const since = sql`now() - make_interval(days => ${days})`;
  const minListed = viewer && isAdmin(viewer) ? 1 : MIN_LISTED_SEARCHES;
  const listed = minListed > 1 ? sql`count(DISTINCT reader) >= ${minListed}` : sql`true`;
  const [totals] = await rows<LibraryStats['totals']>(
    db,
    sql`SELECT count(*) FILTER (WHERE kind = 'view')::int AS views,
          count(*) FILTER (WHERE kind = 'download')::int AS downloads,
          count(*) FILTER (WHERE kind = 'search')::int AS searches,
          count(*) FILTER (WHERE kind = 'search' AND result_count = 0)::int AS "zeroResults"
        FROM library_events WHERE at >= ${since}`,
  );
  const daily = await rows<LibraryStats['daily'][number]>(
    db,
    sql`SELECT to_char((at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') AS day,
          count(*) FILTER (WHERE kind = 'view')::int AS views,
          count(*) FILTER (WHERE kind = 'download')::int AS downloads,
          count(*) FILTER (WHERE kind = 'search')::int AS searches
        FROM library_events WHERE at >= ${since} GROUP BY 1 ORDER BY 1`,
  );
  const topDocuments = await rows<LibraryStats['topDocuments'][number]>(
    db,
    sql`SELECT d.id::int AS id, d.title, d.number,
          count(*) FILTER (WHERE e.kind = 'view')::int AS views,
          count(*) FILTER (WHERE e.kind = 'download')::int AS downloads
        FROM library_events e JOIN library_documents d ON d.id = e.document_id
        WHERE e.at >= ${since} AND ${visibleCondition(viewer)}
        GROUP BY d.id ORDER BY views DESC, downloads DESC LIMIT 20`,
  );
  const topCollections = await rows<LibraryStats['topCollections'][number]>(
    db,
    sql`SELECT c.id::int AS id, c.name, count(e.id)::int AS views,
          (SELECT count(*)::int FROM library_collection_items i JOIN library_documents d ON d.id = i.document_id
            WHERE i.collection_id = c.id AND ${visibleCondition(viewer)}) AS documents
        FROM library_collections c LEFT JOIN library_events e ON e.collection_id = c.id AND e.at >= ${since}
        WHERE ${visibleCollections(viewer)}
        GROUP BY c.id ORDER BY views DESC, c.name LIMIT 20`,
  );
  const topSearches = await rows<LibraryStats['topSearches'][number]>(
    db,
    sql`SELECT min(query) AS query, count(*)::int AS count, round(avg(result_count))::int AS "avgResults"
        FROM library_events WHERE kind = 'search' AND at >= ${since}
        GROUP BY query_key HAVING ${listed} ORDER BY count DESC LIMIT 20`,
  );
  const zeroResultSearches = await rows<LibraryStats['zeroResultSearches'][number]>(
    db,
    sql`SELECT min(query) AS query, count(*)::int AS count FROM library_events
        WHERE kind = 'search' AND result_count = 0 AND at >= ${since}
        GROUP BY query_key HAVING ${listed} ORDER BY count DESC LIMIT 20`,
  );
  return {
    days,
    totals: totals ?? { views: 0, downloads: 0, searches: 0, zeroResults: 0 },
    daily,
    topDocuments,
    topCollections,
    topSearches,
    zeroResultSearches,
    listedFrom: minListed,
  };
}

/** The statistics as an Excel workbook, one sheet per table. */
export async function statsWorkbook(stats: LibraryStats): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mặt trận số';
  const sheet = (name: string, columns: [string, string, number][], data: object[]) => {
    const ws = workbook.addWorksheet(name);
    ws.columns = columns.map(([header, key, width]) => ({ header, key, width }));
    ws.getRow(1).font = { bold: true };
    for (const row of data) ws.addRow(row);
  };
  sheet(
    'Theo ngày',
    [
      ['Ngày', 'day', 12],
      ['Lượt xem', 'views', 10],
      ['Lượt tải', 'downloads', 10],
      ['Lượt tìm', 'searches', 10],
    ],
    stats.daily,
  );
  sheet(
    'Tài liệu',
    [
      ['Mã', 'id', 8],
      ['Tiêu đề', 'title', 60],
      ['Số, ký hiệu', 'number', 20],
      ['Lượt xem', 'views', 10],
      ['Lượt tải', 'downloads', 10],
    ],
    stats.topDocuments,
  );
  sheet(
    'Bộ sưu tập',
    [
      ['Mã', 'id', 8],
      ['Tên', 'name', 40],
      ['Lượt xem', 'views', 10],
      ['Số tài liệu', 'documents', 12],
    ],
    stats.topCollections,
  );
  sheet(
    'Tìm nhiều',
    [
      ['Câu tìm', 'query', 40],
      ['Số lần', 'count', 10],
      ['Kết quả TB', 'avgResults', 12],
    ],
    stats.topSearches,
  );
  sheet(
    'Không có kết quả',
    [
      ['Câu tìm', 'query', 40],
      ['Số lần', 'count', 10],
    ],
    stats.zeroResultSearches,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
