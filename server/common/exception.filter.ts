import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-errors';

/** res.locals key of the code of an error answer, for whoever watches answers (the peers' push gate). */
export const ERROR_CODE_LOCAL = 'errorCode';

const CODES: Record<number, string> = {
  400: 'bad-request',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/**
 * One error shape for every failure: `{ statusCode, error, message }`. Domain errors keep their code;
 * framework errors (validation, unknown route) keep their 4xx status; anything else is a
 * 500 whose details go to the log, never to the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, error, message } = this.describe(exception);
    if (status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error(
        `unhandled ${(exception as Error)?.name ?? 'error'}: ${(exception as Error)?.message}`,
        (exception as Error)?.stack,
      );
    }
    res.locals[ERROR_CODE_LOCAL] = error;
    res.status(status).json({ statusCode: status, error, message });
  }

  private describe(exception: unknown): { status: number; error: string; message: string | string[] } {
    if (exception instanceof DomainError) return { status: exception.status, error: exception.code, message: exception.message };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'object' && body !== null && 'message' in body
          ? (body as { message: string | string[] }).message
          : exception.message;
      return { status, error: CODES[status] ?? (status >= 500 ? 'internal-error' : 'bad-request'), message };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, error: 'internal-error', message: 'internal error' };
  }
}
