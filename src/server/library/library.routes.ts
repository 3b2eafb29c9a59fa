import type { ApiServer, AppContext } from '../platform/context';
import { errorResponse } from '../platform/http/schema';
import { searchQuery, searchResult } from './library.schema';
import { searchDocuments } from './library.search';

export const TAGS = ['Thư viện'];

/** Search and browse: public, filtered by what the reader may see. */
export function searchRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    '/api/v1/library/search',
    {
      schema: {
        tags: TAGS,
        summary: 'Tìm kiếm tài liệu (có dấu hoặc không dấu, "cụm từ", số ký hiệu), kèm bộ lọc',
        querystring: searchQuery,
        response: { 200: searchResult, 400: errorResponse },
      },
    },
    async (request) => searchDocuments(ctx.db, request.user, request.query),
  );
}
