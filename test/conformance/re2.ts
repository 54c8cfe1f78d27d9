/**
 * Kubernetes patterns and CEL regexes are Go RE2. The saved CRDs only use one construct JavaScript lacks:
 * a leading case-insensitivity flag group, e.g. Kueue AdmissionCheck's `^(?i)[a-z]...`, which becomes the `i` flag.
 */
const LEADING_CASE_INSENSITIVE = /^(\^?)\(\?i\)/;

export function toJsRegExp(pattern: string, flags = ''): RegExp {
  const match = LEADING_CASE_INSENSITIVE.exec(pattern);
  if (!match) {
    return new RegExp(pattern, flags);
  }
  return new RegExp(match[1] + pattern.slice(match[0].length), `${flags}i`);
}
