import type { UriParts } from '../../src/core/editTarget';

// What vscode.Uri.parse(value, true) makes of a string (the same regular expression, the same
// decoding and the same rules for a path), so unit tests see URIs as the extension host does.
const URI = /^(([^:/?#]+?):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?/;

function decode(component: string): string {
  return component.replace(/(%[0-9A-Za-z][0-9A-Za-z])+/g, (match) => {
    try {
      return decodeURIComponent(match);
    } catch {
      return match;
    }
  });
}

export function parseUri(value: string): UriParts | undefined {
  const match = URI.exec(value);
  const scheme = match?.[2] ?? '';
  if (!match || !/^\w[\w\d+.-]*$/.test(scheme)) return undefined;
  const authority = decode(match[4] ?? '');
  let path = decode(match[5] ?? '');
  if (authority && path && !path.startsWith('/')) return undefined;
  if (path.startsWith('//') && !authority) return undefined;
  if (['file', 'http', 'https'].includes(scheme) && !path.startsWith('/')) path = `/${path}`;
  return { scheme, authority, path, query: decode(match[7] ?? ''), fragment: decode(match[9] ?? '') };
}

export function fileUri(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}
