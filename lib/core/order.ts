import { ResourceNames } from './labels';

/** Locale-independent string order (code units), so that sorted output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CPU_MEMORY: readonly string[] = [ResourceNames.CPU, ResourceNames.MEMORY];

/** Sort order of resource names: cpu, memory, then the others by name. */
export function compareResourceNames(a: string, b: string): number {
  const rank = (n: string) => (CPU_MEMORY.includes(n) ? CPU_MEMORY.indexOf(n) : CPU_MEMORY.length);
  return rank(a) - rank(b) || compareStrings(a, b);
}

/** Whether a resource is CPU or memory (as opposed to a device such as a GPU or a MIG slice). */
export function isCpuOrMemory(resourceName: string): boolean {
  return CPU_MEMORY.includes(resourceName);
}

/** The entries of a record sorted by key, as a new record (deterministic JSON). */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort(compareStrings).map((k) => [k, record[k]]));
}
