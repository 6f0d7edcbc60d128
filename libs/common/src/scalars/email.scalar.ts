import { Scalar, CustomScalar } from '@nestjs/graphql';
import { isEmail } from 'class-validator';
import { ValueNode } from 'graphql';
import { parsingLiteral, scalarError, stringLiteral } from './scalar-helpers';

/** An email address (validator.js rules), at most 254 characters. */
@Scalar('Email', () => EmailScalar)
export class EmailScalar implements CustomScalar<string, string> {
  description = 'An email address';

  parseValue(value: unknown): string {
    if (typeof value !== 'string') throw scalarError('Email', 'must be a string');
    if (value.length > 254 || !isEmail(value)) throw scalarError('Email', 'must be a valid email address');
    return value;
  }

  serialize(value: unknown): string {
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    return parsingLiteral(ast, () => this.parseValue(stringLiteral('Email', ast)));
  }
}
