// Removes secrets from anything printed: logs, ffmpeg's stderr, error messages shown to the shop owner.
// Pure string functions.

// `scheme://userinfo@`: the userinfo runs to the last '@' before the path, query, fragment or whitespace.
const USERINFO = /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^\s/?#]*@/g;

/** Replaces the `user:pass@` part of every URL in the text with `***@`. */
export function redactUrl(text: string): string {
  return text.replace(USERINFO, '$1***@');
}

/** Replaces every occurrence of each secret, raw and percent-encoded, with '***'. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURI(secret));
    // Some tools print percent-escapes in lower case.
    forms.add(encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  }
  // Longest first, so that a secret inside a longer one does not leave pieces of the longer one behind.
  const ordered = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of ordered) {
    if (out.includes(form)) out = out.split(form).join('***');
  }
  return out;
}

/** Both: URL userinfo and the given secrets. */
export function redact(text: string, secrets: readonly string[]): string {
  return redactSecrets(redactUrl(text), secrets);
}
