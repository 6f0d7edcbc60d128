import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { badInput } from '../errors/domain.error';

class Rejected extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

/**
 * The global pipe: class-validator DTOs, refused as BAD_USER_INPUT with the input path of the
 * first problem (`input.contactRef.address.countryCode`, `input.invoiceRefs.0.lines.1.num`) and
 * its message.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({ transform: true, forbidUnknownValues: false, stopAtFirstError: true, exceptionFactory: (errors) => new Rejected(errors) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      const { path, message } = firstProblem(error.errors);
      const field = [metadata.data, path].filter(Boolean).join('.');
      throw badInput(field, message);
    }
  }
}

function firstProblem(errors: ValidationError[], prefix = ''): { path: string; message: string } {
  const error = errors[0];
  const path = prefix ? `${prefix}.${error.property}` : error.property;
  if (error.constraints) {
    // Named after the field, not a list index (`invoiceIds`, not `0`).
    const name = path.split('.').filter((segment) => !/^\d+$/.test(segment)).pop() ?? path;
    return { path, message: `${name} ${Object.values(error.constraints)[0]}`.replace(/^(\S+) \1 /, '$1 ') };
  }
  if (error.children?.length) return firstProblem(error.children, path);
  return { path, message: 'is invalid' };
}
