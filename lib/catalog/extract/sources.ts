import { SourceRow } from '../snapshot-format';

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

/** The first ISO date in a text, or '' when there is none. */
export function isoDate(text: unknown): string {
  return typeof text === 'string' ? ISO_DATE.exec(text)?.[0] ?? '' : '';
}

/**
 * The sources of a snapshot, deduplicated and numbered in order of first use (the extraction visits
 * the data in a fixed order, so the numbering is stable).
 */
export class SourceTable {
  private readonly rows: SourceRow[] = [];
  private readonly index = new Map<string, number>();

  /** The index of a source, added when new. */
  public add(text: string, date: string): number {
    const key = `${text}\u0000${date}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.rows.length;
      this.rows.push([text, date]);
      this.index.set(key, i);
    }
    return i;
  }

  /**
   * A source object of the data files (`repo`, `commit`, `path`, dates…), described as
   * `owner/repo @ <commit of the content> <path>[ <detail>]`, dated by the content's own date:
   * generation time, else the last change of the file, else the data or retrieval date.
   */
  public addObject(src: any, detail?: string): number {
    return this.add(describe(src, detail), sourceDate(src));
  }

  /** The rows, by index. */
  public all(): SourceRow[] {
    return this.rows.map((r) => [r[0], r[1]]);
  }

  /** The newest date of any source. */
  public newestDate(): string {
    return this.rows.map((r) => r[1]).filter((d) => d !== '').sort().pop() ?? '';
  }
}

function describe(src: any, detail?: string): string {
  const parts: string[] = [];
  if (typeof src?.repo === 'string') {
    const commit = String(src.file_last_changed_commit ?? src.commit ?? '').slice(0, 7);
    parts.push(commit ? `${src.repo} @ ${commit}` : src.repo);
    if (typeof src.path === 'string') parts.push(src.path);
  } else if (typeof src?.url === 'string') {
    parts.push(src.url);
  }
  if (detail) parts.push(detail);
  return parts.join(' ');
}

function sourceDate(src: any): string {
  for (const key of ['generated_at', 'file_last_changed', 'data_date', 'retrieved', 'read']) {
    const d = isoDate(src?.[key]);
    if (d) return d;
  }
  return '';
}
