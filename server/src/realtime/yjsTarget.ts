/** A `/yjs/BOARD?…` upgrade target, parsed. */
export interface YjsTarget {
  board: string;
  url: URL;
}

/**
 * Parses an upgrade's request target. Never throws: a target that cannot be a URL, or whose board
 * segment is badly percent-encoded, is `malformed`; any other path is `not_yjs`.
 */
export function parseYjsTarget(target: string | undefined): YjsTarget | 'not_yjs' | 'malformed' {
  // Only origin-form targets ("/path?query"): an absolute or authority form is not ours to parse.
  if (!target?.startsWith('/')) return 'malformed';
  let url: URL;
  try {
    url = new URL(target, 'http://localhost');
  } catch {
    return 'malformed';
  }
  const match = /^\/yjs\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return url.pathname.startsWith('/yjs') ? 'malformed' : 'not_yjs';
  let board: string;
  try {
    board = decodeURIComponent(match[1] ?? '');
  } catch {
    return 'malformed';
  }
  return { board, url };
}
