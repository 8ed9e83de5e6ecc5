import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { CtiError } from '../../errors.js';

/**
 * One place that turns errors into responses: `{ statusCode, code, error, message }`.
 * Messages of 5xx errors are hidden (logged, not sent); validation errors say which field.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | CtiError | Error, request, reply) => {
      const status =
        err instanceof CtiError
          ? err.statusCode
          : 'statusCode' in err && typeof err.statusCode === 'number'
            ? err.statusCode
            : 500;
      const code =
        err instanceof CtiError
          ? err.code
          : 'validation' in err && err.validation
            ? 'VALIDATION'
            : ('code' in err && err.code) || 'INTERNAL';
      if (status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ code, msg: err.message }, 'request refused');
      return reply.status(status).send({
        statusCode: status,
        code,
        error: status >= 500 ? 'Internal Server Error' : httpReason(status),
        message: status >= 500 ? 'internal error (see the server log)' : err.message,
      });
    });
  },
  { name: 'error-handler' },
);

function httpReason(status: number): string {
  return (
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      409: 'Conflict',
      413: 'Payload Too Large',
      415: 'Unsupported Media Type',
      429: 'Too Many Requests',
    }[status] ?? 'Error'
  );
}
