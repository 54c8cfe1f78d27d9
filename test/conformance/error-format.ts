import type { ErrorObject } from 'ajv';

/** Appends a field or index to a human-readable path such as `spec.resourceGroups[0].flavors[1]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${path}[${key}]`;
  }
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) {
    return `${path}[${JSON.stringify(key)}]`; // map keys such as `karpenter.sh/capacity-type`
  }
  return path ? `${path}.${key}` : key;
}

/** Converts an ajv `instancePath` (JSON pointer) to the same path notation, `<root>` for the document itself. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') {
    return '<root>';
  }
  const segments = pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce<string>((path, s) => joinPath(path, /^\d+$/.test(s) ? Number(s) : s), '');
}

/** One line per ajv error, with the offending field or allowed values spelled out. */
export function formatAjvError(error: ErrorObject): string {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      return `${joinPath(error.instancePath === '' ? '' : path, field)}: unknown field "${field}"`;
    }
    case 'required': // spelled out here because kubernetes-models localizes messages slightly differently
      return `${path}: must have required property '${params.missingProperty}'`;
    case 'enum':
      return `${path}: ${error.message} ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `${path}: ${error.message} ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${path}: ${error.message ?? error.keyword}`;
  }
}
