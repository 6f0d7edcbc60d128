import { registerDecorator, ValidationOptions } from 'class-validator';
import { toAlpha2 } from './country';
import { urlProblem } from './scalars/url.scalar';

function rule(name: string, check: (value: unknown) => string | null, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    let problem: string | null = null;
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          if (value === null || value === undefined) return true;
          problem = check(value);
          return problem === null;
        },
        defaultMessage: () => problem ?? 'is invalid',
      },
    });
  };
}

/** An absolute http(s) URL with a host (docs/CONTRACT.md, Scalars); `https` demands https. */
export function IsWebUrl(opts: { https?: boolean } = {}, options?: ValidationOptions) {
  return rule('isWebUrl', (v) => (typeof v === 'string' ? urlProblem(v, opts.https) : 'must be a string'), options);
}

/** ISO 3166-1 alpha-2 or alpha-3 (docs/seeds/clientloop-update-payment-session.txt shows `USA` under "2-letter"). */
export function IsCountryCode(options?: ValidationOptions) {
  return rule('isCountryCode', (v) => (typeof v === 'string' && toAlpha2(v) ? null : 'must be an ISO 3166-1 alpha-2 or alpha-3 country code such as US or USA'), options);
}

/** No control characters: names and references are shown to people and written to logs. */
export function IsPlainText(options?: ValidationOptions) {
  // eslint-disable-next-line no-control-regex
  return rule('isPlainText', (v) => (typeof v === 'string' && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v) ? null : 'must not contain control characters'), options);
}
