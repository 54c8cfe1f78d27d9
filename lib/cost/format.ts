// Number formatting for the summary and the reports: fixed rules, no locale, so that the bytes never depend on the
// machine that synthesizes.

/** A whole number of dollars with thousands separators: `$12,345`; `-$1,200` for a negative amount. */
export function dollars(n: number): string {
  const rounded = Math.round(n);
  const text = groupThousands(String(Math.abs(rounded)));
  return `${rounded < 0 ? '-' : ''}$${text}`;
}

/** An hourly price with four decimals: `$3.4309`. */
export function hourly(n: number): string {
  return `$${n.toFixed(4)}`;
}

/** A share as a percentage with one decimal: `42.5%`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A count: whole numbers as such, others with two decimals. */
export function count(n: number): string {
  return Number.isInteger(n) ? groupThousands(String(n)) : n.toFixed(2);
}

/** A quantity with thousands separators and `digits` decimals: `12,345.6`. */
export function amount(n: number, digits: number = 0): string {
  const [whole, fraction] = Math.abs(n).toFixed(digits).split('.');
  return `${n < 0 && Number(n.toFixed(digits)) !== 0 ? '-' : ''}${groupThousands(whole)}${fraction ? `.${fraction}` : ''}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Rows as a plain-text table: columns padded, numbers (cells starting with a digit, `$`, `-` or ending in `%`) right-aligned. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (cell: string) => /^(-?\$|-?\d)/.test(cell) || /%$/.test(cell);
  const line = (cells: string[]) => cells.map((c, i) => (numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Rows as a Markdown table (pipes in cells escaped). */
export function markdownTable(header: string[], rows: string[][], rightAligned: boolean[] = []): string {
  const cell = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map((_h, i) => (rightAligned[i] ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
