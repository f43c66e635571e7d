import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemTitle, problemType } from './problem-details';
import { sendProblem } from './problem-details.filter';

const logger = new Logger('HTTP');

/**
 * Fastify's router answers a URL that does not decode (400) or a path
 * parameter over `maxParamLength` (414) before any hook or Nest filter runs,
 * with its own JSON body. This sends problem details instead (400
 * INVALID_URL, 414 URI_TOO_LONG), with the request id.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-request-id', request.id);
  sendProblem(error, request, reply, logger);
}

/**
 * Errors Node's HTTP parser raises before there is a request (headers too
 * large, a malformed request line, a client too slow): answered on the
 * socket as problem details, as Fastify's default handler does with its own
 * JSON, and the connection closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'The request was not received in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The request line and headers exceed the size this server reads (16 KiB)']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify({ type: problemType(code), title: problemTitle(code), status, detail, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
