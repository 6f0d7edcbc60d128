import { Scalar, CustomScalar } from '@nestjs/graphql';
import { ValueNode } from 'graphql';
import { isCurrencyCode } from '../money';
import { parsingLiteral, scalarError, stringLiteral } from './scalar-helpers';

/** An active ISO 4217 code in upper case, from the maintained `currency-codes` list. */
@Scalar('Currency', () => CurrencyScalar)
export class CurrencyScalar implements CustomScalar<string, string> {
  description = 'Three letter ISO 4217 currency code. Ex. USD';

  parseValue(value: unknown): string {
    if (typeof value !== 'string') throw scalarError('Currency', 'must be a string');
    if (!/^[A-Z]{3}$/.test(value)) throw scalarError('Currency', 'must be a three letter upper case ISO 4217 code such as USD');
    if (!isCurrencyCode(value)) throw scalarError('Currency', `${value} is not an active ISO 4217 currency`);
    return value;
  }

  serialize(value: unknown): string {
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    return parsingLiteral(ast, () => this.parseValue(stringLiteral('Currency', ast)));
  }
}
