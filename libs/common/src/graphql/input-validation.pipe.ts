import { ArgumentMetadata, Injectable, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { badInput } from '../errors/domain.error';
import { cacheValidationRuleLookups } from './validation-rule-cache';

class Rejected extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

/**
 * The global pipe: class-validator DTOs, refused as BAD_USER_INPUT with the input path of the
 * first problem (`input.contactRef.address.countryCode`, `input.invoiceRefs.0.lines.1.num`) and
 * its message.
 *
 * Argument classes whose only rule is `@IsString()` on each field (`{ orgId, id }` of every
 * read) take a short path when every value is a string: class-validator walks its whole
 * metadata store on each `validate` call, which was 7 % of a seed read's CPU (README,
 * Performance). The answer is the same instance the full path would build; anything else goes
 * the full path, so its errors are class-validator's.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  /** Per argument class: its field names when `@IsString()` is its only rule, else null. */
  private readonly stringFields = new WeakMap<Type, readonly string[] | null>();

  constructor() {
    // Rules are looked up once per class, not on every validate() (validation-rule-cache.ts).
    cacheValidationRuleLookups();
    super({ transform: true, forbidUnknownValues: false, stopAtFirstError: true, exceptionFactory: (errors) => new Rejected(errors) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom parameter decorators (`@Ctx()`) are not validated by the full path either.
    const known = metadata.type !== 'custom' && metadata.metatype && this.allStrings(metadata.metatype, value);
    if (known) return Object.assign(new metadata.metatype!(), value);
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      const { path, message } = firstProblem(error.errors);
      const field = [metadata.data, path].filter(Boolean).join('.');
      throw badInput(field, message);
    }
  }

  /** True when `metatype` checks nothing but `@IsString()` fields and `value` holds only those, each a string. */
  private allStrings(metatype: Type, value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    let fields = this.stringFields.get(metatype);
    if (fields === undefined) {
      fields = stringOnlyFields(metatype);
      this.stringFields.set(metatype, fields);
    }
    if (!fields) return false;
    const given = Object.keys(value);
    const record = value as Record<string, unknown>;
    return given.length === fields.length && given.every((key) => fields.includes(key) && typeof record[key] === 'string');
  }
}

/** The fields of `metatype` if each carries exactly one plain `@IsString()` and no other rule, else null. */
function stringOnlyFields(metatype: Type): readonly string[] | null {
  const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  if (!rules.length) return null;
  const plainIsString = rules.every(
    (rule) => rule.type === ValidationTypes.CUSTOM_VALIDATION && rule.name === 'isString' && !rule.each && !rule.validateIf && !rule.groups?.length,
  );
  if (!plainIsString) return null;
  const fields = rules.map((rule) => rule.propertyName);
  return new Set(fields).size === fields.length ? fields : null;
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
