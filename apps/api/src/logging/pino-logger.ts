import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** The process's structured JSON logger. `stderr` keeps stdout free for the CLI's JSON. */
export function createPino(level: string, destination: 1 | 2 = 1): Logger {
  return pino({ level, base: { service: 'paysession' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: destination, sync: true }));
}

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's logger interface over pino, so framework and app logs are the same JSON lines.
 *
 * Nest's `Logger` appends its context as the last argument: `logger.warn(fields, 'text')` arrives
 * as `(fields, 'text', 'Context')`, and `logger.error(x, trace)` as `(x, trace, 'Context')`. A
 * fields object becomes the line's fields and the next string its message.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    const context = params.length && typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const rest = context === undefined ? params : params.slice(0, -1);
    const text = rest.find((p): p is string => typeof p === 'string');
    if (message instanceof Error) {
      this.pino[level]({ context, err: message }, text ?? message.message);
    } else if (message && typeof message === 'object') {
      this.pino[level]({ context, ...(message as object) }, text);
    } else if (level === 'error' && text) {
      // Nest's own error(message, stack): the second string is a stack trace.
      this.pino[level]({ context, stack: text }, String(message));
    } else {
      this.pino[level]({ context }, [String(message), ...(text ? [text] : [])].join(' '));
    }
  }
}
