import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Why `text` is not a web origin as a CSP `frame-ancestors` source takes it (`https://shop.example`,
 * `http://localhost:5173`: a scheme, a host and an optional port, nothing else), or null.
 */
export function originProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an origin such as https://shop.example';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.origin !== text) return `must be an origin only (scheme, host, port), such as ${url.origin}`;
  return null;
}

/** Each value is a web origin (see {@link originProblem}). */
export function IsOrigin(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isOrigin',
      target: object.constructor,
      propertyName,
      options: { ...options, message: (args) => `${args.property} ${originProblem(String(args.value)) ?? 'must be an origin'}` },
      validator: { validate: (value: unknown) => typeof value === 'string' && originProblem(value) === null },
    });
}
