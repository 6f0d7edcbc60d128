import { isHttpsUrl } from './format';

/**
 * A merchant-supplied image (brand logo, product image), loaded only from an https URL and
 * without a Referer. Anything else is not loaded: the URL is shown as text by the caller.
 */
export const HttpsImage = ({ src, alt, size = 48 }: { src: string | null | undefined; alt: string; size?: number }) =>
  isHttpsUrl(src) ? (
    <img src={src} alt={alt} referrerPolicy="no-referrer" loading="lazy" style={{ maxHeight: size, maxWidth: size * 4, objectFit: 'contain' }} />
  ) : null;
