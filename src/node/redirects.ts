// Redirects followed by hand, so that the key and the headers a request carries never reach
// another origin: fetch drops only Authorization (and keeps Azure's api-key and custom headers)
// when it follows a redirect across origins itself.

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Same-origin redirects followed before giving up (fetch's own limit is 20; a server needs one or two). */
export const MAX_REDIRECTS = 5;

/** How an address's origin is named; file: and other schemes have none of their own. */
function originOf(url: URL): string {
  return url.origin === 'null' ? `${url.protocol}` : url.origin;
}

/** A redirect to another origin, refused before anything was sent there. */
export class CrossOriginRedirectError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`refused a redirect from ${from} to ${to}`);
    this.name = 'CrossOriginRedirectError';
  }
}

/** More same-origin redirects than MAX_REDIRECTS. */
export class TooManyRedirectsError extends Error {
  constructor(readonly origin: string) {
    super(`more than ${MAX_REDIRECTS} redirects at ${origin}`);
    this.name = 'TooManyRedirectsError';
  }
}

/**
 * A fetch that follows redirects within the origin it was asked for (as fetch would: 303, and 301
 * or 302 after a POST, become a GET without a body) and refuses one to any other origin. It calls
 * the global fetch when each request is made, which VS Code's extension host routes through the
 * user's proxy.
 */
export async function sameOriginFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const first = new URL(input instanceof Request ? input.url : input);
  let url = first;
  let request: RequestInit = { ...init, redirect: 'manual' };
  for (let redirects = 0; ; redirects++) {
    const response = await globalThis.fetch(url, request);
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return response; // the caller sees the 3xx it could not follow
    }
    await response.body?.cancel();
    if (next.origin !== first.origin || next.origin === 'null') throw new CrossOriginRedirectError(originOf(url), originOf(next));
    if (redirects >= MAX_REDIRECTS) throw new TooManyRedirectsError(first.origin);
    const method = (request.method ?? 'GET').toUpperCase();
    if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
      const headers = new Headers(request.headers);
      for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
      request = { ...request, method: 'GET', body: null, headers };
    }
    url = next;
  }
}
