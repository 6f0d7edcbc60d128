import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { badInput } from '../errors/domain.error';

class Rejected extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

/**
 * The global pipe: class-validator DTOs, refused as BAD_USER_INPUT with the input path of the
 * first problem (`input.contactRef.address.countryCode`) and its message.
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
      const field = [metadata.data, path].filter(Boolean).join('.').replace(/\.\[/g, '[');
      throw badInput(field, message);
    }
  }
}

function firstProblem(errors: ValidationError[], prefix = ''): { path: string; message: string } {
  const error = errors[0];
  const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : error.property;
  const path = prefix ? `${prefix}.${segment}` : segment;
  if (error.constraints) {
    return { path, message: `${path.split('.').pop()} ${Object.values(error.constraints)[0]}`.replace(/^(\S+) \1 /, '$1 ') };
  }
  if (error.children?.length) return firstProblem(error.children, path);
  return { path, message: 'is invalid' };
}
