import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context';
import { todayInVietnam } from './library.policy';

/** One reader on one day (Asia/Ho_Chi_Minh), for counting a view or download once. */
export type Reader = { day: string; key: string };

/**
 * The reader of a request: the signed-in session, else the client address. Kept only as a keyed
 * hash salted by the day, so the address itself is never stored and days cannot be linked.
 */
export function readerOf(ctx: AppContext, request: FastifyRequest): Reader {
  const day = todayInVietnam();
  const who = request.user ? `session:${request.user.sessionHash}` : `address:${request.ip}`;
  const key = createHmac('sha256', ctx.config.sessionSecret)
    .update(`library-reader|${day}|${who}`)
    .digest('base64url');
  return { day, key };
}

/**
 * Who typed a search, for counting different people in the statistics: the account, else the
 * client address, as a keyed hash (the address itself is never stored). Unlike a Reader it is
 * not salted by the day, so one person typing the same query on several days counts once.
 */
export function searcherOf(ctx: AppContext, request: FastifyRequest): string {
  const who = request.user ? `user:${request.user.id}` : `address:${request.ip}`;
  return createHmac('sha256', ctx.config.sessionSecret)
    .update(`library-searcher|${who}`)
    .digest('base64url');
}
