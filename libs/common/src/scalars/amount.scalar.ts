import { Scalar, CustomScalar } from '@nestjs/graphql';
import { Kind, ValueNode } from 'graphql';
import { amountShapeProblem } from '../money';
import { parsingLiteral, scalarError } from './scalar-helpers';

/**
 * Money as a decimal string. Accepts a JSON number or a decimal string and hands the resolver
 * the canonical decimal text; the currency's own digits are checked by the service, which knows
 * the currency. Numbers are read through their shortest decimal text, never as floats.
 */
@Scalar('Amount', () => AmountScalar)
export class AmountScalar implements CustomScalar<string, string> {
  description = 'A monetary amount with up to two decimal places, as a decimal string. Ex. 111.11';

  parseValue(value: unknown): string {
    return parseAmount(value);
  }

  serialize(value: unknown): string {
    return String(value);
  }

  /** An inline number is read as the same JSON number in a variable would be (`1e2` → `"100"`). */
  parseLiteral(ast: ValueNode): string {
    return parsingLiteral(ast, () => {
      if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseAmount(Number(ast.value));
      if (ast.kind === Kind.STRING) return parseAmount(ast.value);
      throw scalarError('Amount', 'must be a number or a decimal string');
    });
  }
}

function parseAmount(value: unknown): string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw scalarError('Amount', 'must be a finite number');
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw scalarError('Amount', 'must be a number or a decimal string');
  }
  const problem = amountShapeProblem(text);
  if (problem) throw scalarError('Amount', problem);
  return text;
}
