import { Scalar, CustomScalar } from '@nestjs/graphql';
import { ValueNode } from 'graphql';
import { parsingLiteral, scalarError, stringLiteral } from './scalar-helpers';

export const MAX_URL_LENGTH = 2048;

/** Returns why `text` is not an absolute http(s) URL with a host, or null when it is one. */
export function urlProblem(text: string, httpsOnly = false): string | null {
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL such as https://example.com';
  }
  if (httpsOnly && url.protocol !== 'https:') return 'must use https';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (!url.hostname) return 'must have a host';
  if (url.username || url.password) return 'must not contain credentials';
  return null;
}

/** An absolute http/https URL with a host, at most 2048 characters. */
@Scalar('URL', () => URLScalar)
export class URLScalar implements CustomScalar<string, string> {
  description = 'A URL with protocol and port. ex. https://example.com';

  parseValue(value: unknown): string {
    if (typeof value !== 'string') throw scalarError('URL', 'must be a string');
    const problem = urlProblem(value);
    if (problem) throw scalarError('URL', problem);
    return value;
  }

  serialize(value: unknown): string {
    return String(value);
  }

  parseLiteral(ast: ValueNode): string {
    return parsingLiteral(ast, () => this.parseValue(stringLiteral('URL', ast)));
  }
}
