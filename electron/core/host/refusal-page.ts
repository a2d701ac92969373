const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Shown instead of the app when the link is missing its token or carries an old one. */
export function refusalPage(reason: 'missing' | 'stale'): string {
  const title = reason === 'missing' ? 'This link needs its access token' : 'This link has expired';
  const body =
    reason === 'missing'
      ? 'Floe only opens from the full link it prints when it starts, which ends in <code>?token=…</code>.'
      : 'Floe makes a new link each time it starts, and this one is from an earlier start.';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Floe — ${escape(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:34rem;margin:15vh auto;padding:0 1rem;color:#1d2733}
h1{font-size:1.25rem}code{background:#eef2f6;padding:.1em .3em;border-radius:4px}</style></head>
<body><h1>${escape(title)}</h1><p>${body}</p>
<p>Copy the line that starts with <code>http://127.0.0.1</code> from the terminal running <code>floe serve</code> (or <code>npm run serve</code>) and open it here.</p>
</body></html>`;
}
