import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * What the server answers when Node cannot even parse a request (raw non-ASCII characters in
 * the address, malformed or oversized headers): the same error shape and Vietnamese wording as
 * every other error, instead of the framework's English default.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    error: tooLarge
      ? {
          code: 'BAD_REQUEST',
          message: 'Phần tiêu đề của yêu cầu quá lớn.',
          field: 'headers',
          requestId: randomUUID(),
        }
      : {
          code: 'BAD_REQUEST',
          message:
            'Yêu cầu không đọc được: địa chỉ hoặc tiêu đề có ký tự không được phép (địa chỉ cần được mã hoá).',
          field: 'url',
          requestId: randomUUID(),
        },
  });
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * What the router answers before any route runs: an address with a broken percent-escape, or a
 * path part longer than the router reads. Same shape and language as every other error.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.status(tooLong ? 414 : 400).send({
    error: {
      code: 'BAD_REQUEST',
      message: tooLong
        ? 'Địa chỉ có một phần quá dài.'
        : 'Địa chỉ không đọc được: có mã %… không hợp lệ.',
      field: 'url',
      requestId: request.id,
    },
  });
}

/**
 * The multipart parser's own failures (no boundary, a body cut short, a malformed part header)
 * carry no status: they are the sender's fault, not ours.
 */
export function isBrokenMultipart(error: Error): boolean {
  return /^(Multipart: |Unexpected end of (form|multipart data)|Malformed part header)/u.test(
    error.message,
  );
}
