import { Scalar, CustomScalar } from '@nestjs/graphql';
import { ValueNode } from 'graphql';
import { scalarError, stringLiteral } from './scalar-helpers';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** ISO 8601 with an explicit zone in; always UTC with milliseconds out. */
@Scalar('DateTime', () => Date)
export class DateTimeScalar implements CustomScalar<string, Date> {
  description = 'ISO 8601 formatted date time. Ex. 2023-11-23T14:30:00Z';

  parseValue(value: unknown): Date {
    if (typeof value !== 'string') throw scalarError('DateTime', 'must be an ISO 8601 string');
    if (!ISO_WITH_ZONE.test(value)) throw scalarError('DateTime', 'must be ISO 8601 with a time zone, e.g. 2026-11-21T14:30:00Z');
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw scalarError('DateTime', 'is not a valid date');
    return date;
  }

  serialize(value: unknown): string {
    const date = value instanceof Date ? value : new Date(value as string);
    return date.toISOString();
  }

  parseLiteral(ast: ValueNode): Date {
    return this.parseValue(stringLiteral('DateTime', ast));
  }
}
