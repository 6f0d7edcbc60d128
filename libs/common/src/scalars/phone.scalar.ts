import { Scalar, CustomScalar } from '@nestjs/graphql';
import { ValueNode } from 'graphql';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { parsingLiteral, scalarError, stringLiteral } from './scalar-helpers';

/** E.164 (`+14155554345`), checked against libphonenumber's numbering plans. */
@Scalar('Phone', () => PhoneScalar)
export class PhoneScalar implements CustomScalar<string, string> {
  description = 'E.164 formatted phone number. Ex. +14155554345';

  parseValue(value: unknown): string {
    if (typeof value !== 'string') throw scalarError('Phone', 'must be a string');
    if (!/^\+[1-9]\d{6,14}$/.test(value) || !isValidPhoneNumber(value)) {
      throw scalarError('Phone', 'must be a valid E.164 number such as +14155554345');
    }
    return value;
  }

  serialize(value: unknown): string {
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    return parsingLiteral(ast, () => this.parseValue(stringLiteral('Phone', ast)));
  }
}
