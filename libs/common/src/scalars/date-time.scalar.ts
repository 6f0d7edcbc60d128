import { DateTimeFormatter, OffsetDateTime, ResolverStyle } from '@js-joda/core';
import { Scalar, CustomScalar } from '@nestjs/graphql';
import { ValueNode } from 'graphql';
import { parsingLiteral, scalarError, stringLiteral } from './scalar-helpers';

/**
 * The profile of ISO 8601 accepted (RFC 3339's): extended format, a four-digit year, seconds and
 * up to nine fraction digits optional, and a zone, `Z` or `±hh:mm`. The calendar (no 30 February,
 * no hour 24, no second 60) is js-joda's strict ISO parser's to judge.
 */
const PROFILE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const STRICT = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withResolverStyle(ResolverStyle.STRICT);

/**
 * Reads a DateTime input: a real instant written in the profile above, or null. Fractions finer
 * than a millisecond are truncated (instants are stored in milliseconds).
 */
export function parseDateTime(text: string): Date | null {
  if (!PROFILE.test(text)) return null;
  try {
    return new Date(OffsetDateTime.parse(text.toUpperCase(), STRICT).toInstant().toEpochMilli());
  } catch {
    return null;
  }
}

/** ISO 8601 with an explicit zone in (variables and inline literals alike); always UTC with milliseconds out. */
@Scalar('DateTime', () => Date)
export class DateTimeScalar implements CustomScalar<string, Date> {
  description = 'ISO 8601 formatted date time. Ex. 2023-11-23T14:30:00Z';

  parseValue(value: unknown): Date {
    if (typeof value !== 'string') throw scalarError('DateTime', 'must be an ISO 8601 string');
    const date = parseDateTime(value);
    if (!date) throw scalarError('DateTime', 'must be a real date and time in ISO 8601 with a time zone, e.g. 2026-11-21T14:30:00Z');
    return date;
  }

  serialize(value: unknown): string {
    const date = value instanceof Date ? value : new Date(value as string);
    return date.toISOString();
  }

  parseLiteral(ast: ValueNode): Date {
    return parsingLiteral(ast, () => this.parseValue(stringLiteral('DateTime', ast)));
  }
}
