import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertArray, assertBoolean, assertEnum, assertNumber, assertObject, assertString, Check, kindOf, optionalProps } from '../core/guards';
import { ObjectStorageClass, StoragePerformance, StorageTierKind } from '../core/storage';
import { StorageTierRequest, StorageUsageRequest } from '../model/seams';
import { DeployedStorageModel, ObjectLifecycleModel, StorageTierModel, StorageUserPrice } from '../model/types';
import { DataRepositoryLink, IStorageTier, StorageTierProps } from './storage-tier-props';

// The cloud-neutral half of a tier's checks: types, which options a kind takes, lifecycle order, usage, price. The cloud
// target checks the rest (sizes, steps, names, zones, keys) against its services.

/** Classes coldest last: a lifecycle only ever moves data down this list. */
const CLASS_ORDER: readonly ObjectStorageClass[] = [
  ObjectStorageClass.STANDARD, ObjectStorageClass.INFREQUENT_ACCESS, ObjectStorageClass.COLD, ObjectStorageClass.ARCHIVE, ObjectStorageClass.DEEP_ARCHIVE,
];
/** Days incomplete multipart uploads are kept before they are aborted (they are billed and invisible). */
const ABORT_INCOMPLETE_UPLOADS_DAYS = 7;
const DEFAULT_NONCURRENT_DAYS = 30;
const DEFAULT_CACHE_GIB = 50;
const MOUNT_PATH = /^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const PREFIX = /^([A-Za-z0-9!_.*'()-]+\/)*$/;
const FILE_SYSTEM_PATH = /^\/([A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)?$/;

/** Which options each kind takes: any other given is refused, not ignored. */
const OPTIONS_OF: Record<StorageTierKind, readonly string[]> = {
  [StorageTierKind.PARALLEL]: ['throughputPerTiB', 'dataRepository', 'deployed', 'zone', 'allowCrossZoneMounts'],
  [StorageTierKind.SHARED]: ['performance', 'infrequentAccessAfterDays', 'deployed', 'zone', 'allowCrossZoneMounts'],
  [StorageTierKind.CACHE]: ['cacheSizeGiB', 'bucketName'],
  [StorageTierKind.ARCHIVE]: ['bucketName', 'transitions', 'autoTiering', 'expireAfterDays', 'versioned', 'noncurrentVersionExpirationDays'],
};
const KIND_OPTIONS = [...new Set(Object.values(OPTIONS_OF).flat())];

/** What the platform knows besides the props. */
export interface TierContext {
  readonly name: string;
  /** The model of a tier of the same platform; undefined for a tier of another platform or no tier. */
  readonly modelOf: (tier: IStorageTier) => StorageTierModel | undefined;
  /** The zones the catalog lists for the platform's region, sorted. */
  readonly regionZones: string[];
}

/** Checks a tier's props and resolves the cloud-neutral part of its request. */
export function tierRequest(scope: IConstruct, props: StorageTierProps, context: TierContext): StorageTierRequest {
  const check = (what: string, fix: string, code: ErrorCode = ErrorCode.STORAGE_OPTION_INVALID): Check => ({ scope, code, what, fix });
  assertEnum(props.kind, StorageTierKind, check('`kind`', 'Use StorageTierKind.PARALLEL, CACHE, SHARED or ARCHIVE.'));
  const kind = props.kind;
  const allowed = OPTIONS_OF[kind];
  const stray = KIND_OPTIONS.find((o) => !allowed.includes(o) && (props as unknown as Record<string, unknown>)[o] !== undefined);
  if (stray !== undefined) {
    const takers = (Object.keys(OPTIONS_OF) as StorageTierKind[]).filter((k) => OPTIONS_OF[k].includes(stray)).map((k) => k.toUpperCase());
    throw new ValidationError(ErrorCode.STORAGE_OPTION_INVALID, {
      message: `\`${stray}\` does not apply to a ${kind.toUpperCase()} tier.`,
      received: { kind, [stray]: (props as unknown as Record<string, unknown>)[stray] },
      allowed: `${stray} on ${takers.join(' or ')} tiers`,
      fix: `Remove \`${stray}\`, or declare a ${takers.join(' or ')} tier.`,
    }, scope);
  }
  const size = (value: unknown, what: string, fix: string, min = 1) => {
    if (value !== undefined) assertNumber(value, check(what, fix, ErrorCode.STORAGE_SIZE_INVALID), { integer: true, min });
    return value as number | undefined;
  };
  const capacityGiB = size(props.capacityGiB, '`capacityGiB`', 'Give the size in whole GiB, e.g. 2400.');
  const cacheSizeGiB = kind === StorageTierKind.CACHE ? size(props.cacheSizeGiB, '`cacheSizeGiB`', 'Give the cache size in whole GiB, e.g. 100.') ?? DEFAULT_CACHE_GIB : undefined;
  if (props.throughputPerTiB !== undefined) {
    assertNumber(props.throughputPerTiB, check('`throughputPerTiB`', 'Give MB/s per TiB as a number: 125, 250, 500 or 1000.', ErrorCode.STORAGE_THROUGHPUT_INVALID), { integer: true, min: 1 });
  }
  if (props.performance !== undefined) assertEnum(props.performance, StoragePerformance, check('`performance`', 'Use StoragePerformance.STANDARD or HIGH.'));
  if (props.infrequentAccessAfterDays !== undefined) {
    assertNumber(props.infrequentAccessAfterDays, check('`infrequentAccessAfterDays`', 'Give a number of days: 1, 7, 14, 30, 60, 90, 180, 270 or 365.', ErrorCode.STORAGE_LIFECYCLE_INVALID), { integer: true, min: 1 });
  }
  for (const key of ['allowCrossZoneMounts', 'readOnly', 'deletionProtection'] as const) {
    if (props[key] !== undefined) assertBoolean(props[key], check(`\`${key}\``, `Write ${key}: true or false, or leave it out.`));
  }
  for (const key of ['zone', 'bucketName', 'encryptionKey'] as const) {
    if (props[key] !== undefined) {
      const code = key === 'zone' ? ErrorCode.STORAGE_ZONE_UNKNOWN : key === 'bucketName' ? ErrorCode.STORAGE_NAME_INVALID : ErrorCode.STORAGE_ENCRYPTION_KEY_INVALID;
      assertString(props[key], check(`\`${key}\``, `Pass ${key} as a string, or leave it out.`, code), { maxLength: 2048 });
    }
  }
  const mountPath = props.mountPath ?? `/mnt/${context.name}`;
  assertString(mountPath, check('`mountPath`', 'Use an absolute path such as /mnt/datasets.'), { pattern: MOUNT_PATH, maxLength: 1024, allowed: 'an absolute path of letters, digits, `.`, `_`, `-` and `/`' });
  return {
    name: context.name,
    kind,
    capacityGiB,
    throughputPerTiB: kind === StorageTierKind.PARALLEL ? props.throughputPerTiB ?? 125 : undefined,
    performance: kind === StorageTierKind.SHARED ? props.performance ?? StoragePerformance.STANDARD : undefined,
    zone: props.zone,
    regionZones: context.regionZones,
    resourceName: props.bucketName,
    encryptionKey: props.encryptionKey,
    cacheSizeGiB,
    infrequentAccessAfterDays: props.infrequentAccessAfterDays,
    lifecycle: kind === StorageTierKind.ARCHIVE ? lifecycleOf(scope, props) : undefined,
    link: props.dataRepository === undefined ? undefined : linkOf(scope, props.dataRepository, context),
    deployed: props.deployed === undefined ? undefined : deployedOf(scope, props.deployed),
    usage: usageOf(scope, props.usage),
    userPrice: priceOf(scope, props),
    mountPath,
    readOnly: props.readOnly ?? kind === StorageTierKind.CACHE,
    allowCrossZoneMounts: props.allowCrossZoneMounts ?? false,
    deletionProtection: props.deletionProtection ?? true,
  };
}

/** Transitions go to ever colder classes at ever later ages; expiry comes after them; noncurrent expiry needs versioning. */
function lifecycleOf(scope: IConstruct, props: StorageTierProps): ObjectLifecycleModel {
  const check = (what: string, fix: string): Check => ({ scope, code: ErrorCode.STORAGE_LIFECYCLE_INVALID, what, fix });
  const fix = 'Pass e.g. [{ afterDays: 30, storageClass: ObjectStorageClass.INFREQUENT_ACCESS }, { afterDays: 90, storageClass: ObjectStorageClass.ARCHIVE }].';
  const transitions = props.transitions ?? [];
  assertArray(transitions, check('`transitions`', fix), (t, i) => {
    assertObject(t, check(`\`transitions[${i}]\``, fix));
    assertNumber(t.afterDays, check(`\`transitions[${i}].afterDays\``, 'Give whole days after creation, 0 or more.'), { integer: true, min: 0, max: 36500 });
    assertEnum(t.storageClass, ObjectStorageClass, check(`\`transitions[${i}].storageClass\``, fix));
  });
  const lifecycleFail = (message: string, received: unknown, fixText: string) =>
    new ValidationError(ErrorCode.STORAGE_LIFECYCLE_INVALID, { message, received, fix: fixText }, scope);
  transitions.forEach((t, i) => {
    if (t.storageClass === ObjectStorageClass.STANDARD) {
      throw lifecycleFail('Objects start in STANDARD; a transition moves them to a colder class.', t, 'Remove the STANDARD transition.');
    }
    const previous = transitions[i - 1];
    if (previous && (t.afterDays <= previous.afterDays || CLASS_ORDER.indexOf(t.storageClass) <= CLASS_ORDER.indexOf(previous.storageClass))) {
      throw lifecycleFail('Each transition must come later and go to a colder class than the one before it.', [previous, t],
        'Order the transitions by age, coldest last: INFREQUENT_ACCESS, COLD, ARCHIVE, DEEP_ARCHIVE.');
    }
  });
  for (const key of ['autoTiering', 'versioned'] as const) {
    if (props[key] !== undefined) assertBoolean(props[key], check(`\`${key}\``, `Write ${key}: true or false, or leave it out.`));
  }
  const autoTiering = props.autoTiering ?? false;
  if (autoTiering && transitions.length > 0) {
    throw lifecycleFail('Automatic tiering moves objects by access; it does not combine with age-based transitions (GCS refuses the pair).',
      { autoTiering, transitions }, 'Keep autoTiering or transitions, not both.');
  }
  if (props.expireAfterDays !== undefined) {
    assertNumber(props.expireAfterDays, check('`expireAfterDays`', 'Give whole days after creation, 1 or more.'), { integer: true, min: 1, max: 36500 });
    const last = transitions[transitions.length - 1];
    if (last && props.expireAfterDays <= last.afterDays) {
      throw lifecycleFail(`Objects would be deleted (day ${props.expireAfterDays}) before their last transition (day ${last.afterDays}).`,
        { expireAfterDays: props.expireAfterDays, lastTransition: last }, `Expire after more than ${last.afterDays} days, or drop the last transition.`);
    }
  }
  const versioned = props.versioned ?? false;
  if (props.noncurrentVersionExpirationDays !== undefined) {
    assertNumber(props.noncurrentVersionExpirationDays, check('`noncurrentVersionExpirationDays`', 'Give whole days, 1 or more.'), { integer: true, min: 1, max: 36500 });
    if (!versioned) {
      throw lifecycleFail('Only a versioned bucket keeps noncurrent versions to expire.', { versioned, noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays },
        'Set versioned: true, or drop noncurrentVersionExpirationDays.');
    }
  }
  return {
    transitions: transitions.map((t) => ({ afterDays: t.afterDays, storageClass: t.storageClass })),
    autoTiering,
    expireAfterDays: props.expireAfterDays,
    versioned,
    noncurrentVersionExpirationDays: versioned ? props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_DAYS : undefined,
    abortIncompleteUploadsAfterDays: ABORT_INCOMPLETE_UPLOADS_DAYS,
  };
}

function linkOf(scope: IConstruct, link: DataRepositoryLink, context: TierContext): StorageTierRequest['link'] {
  const check = (what: string, fix: string): Check => ({ scope, code: ErrorCode.STORAGE_LINK_INVALID, what, fix });
  assertObject(link, check('`dataRepository`', 'Pass { tier: archiveTier, prefix: "datasets/" }.'));
  const model = link.tier !== null && typeof link.tier === 'object' ? context.modelOf(link.tier) : undefined;
  if (!model) {
    throw new ValidationError(ErrorCode.STORAGE_LINK_INVALID, {
      message: `\`dataRepository.tier\` is not a storage tier of this platform (received ${kindOf(link.tier)}).`,
      received: link.tier,
      fix: 'Pass an ARCHIVE or CACHE StorageTier created under the same MlPlatform (declare it before the parallel tier).',
    }, scope);
  }
  if (model.kind !== StorageTierKind.ARCHIVE && model.kind !== StorageTierKind.CACHE) {
    throw new ValidationError(ErrorCode.STORAGE_LINK_INVALID, {
      message: `A parallel tier links to object storage, and tier ${model.name} is a ${model.kind.toUpperCase()} tier.`,
      received: model.name,
      allowed: 'an ARCHIVE or CACHE tier',
      fix: 'Link an ARCHIVE tier (datasets) or a CACHE tier.',
    }, scope);
  }
  const prefix = link.prefix ?? '';
  assertString(prefix, check('`dataRepository.prefix`', 'Use a bucket prefix ending in "/", e.g. "datasets/", or leave it out for the whole bucket.'),
    { minLength: 0, maxLength: 900, pattern: PREFIX, allowed: 'path segments of letters, digits and !_.*\'()- each ending in "/"' });
  const fileSystemPath = link.fileSystemPath ?? `/${model.name}`;
  assertString(fileSystemPath, check('`dataRepository.fileSystemPath`', 'Use an absolute directory such as /datasets.'),
    { maxLength: 4096, pattern: FILE_SYSTEM_PATH, allowed: 'an absolute path of letters, digits, `.`, `_`, `-` and `/`' });
  for (const key of ['autoImport', 'autoExport'] as const) {
    if (link[key] !== undefined) assertBoolean(link[key], check(`\`dataRepository.${key}\``, `Write ${key}: true or false, or leave it out.`));
  }
  return { tier: model, prefix, fileSystemPath, autoImport: link.autoImport ?? true, autoExport: link.autoExport ?? true };
}

function deployedOf(scope: IConstruct, deployed: unknown): DeployedStorageModel {
  const check = (what: string): Check => ({ scope, code: ErrorCode.STORAGE_ATTRIBUTES_INVALID, what, fix: 'Copy the values from the Terraform output storage__<platform>__<tier> after the first deploy.' });
  assertObject(deployed, check('`deployed`'));
  for (const key of ['fileSystemId', 'address', 'mountName'] as const) {
    if (deployed[key] !== undefined) assertString(deployed[key], check(`\`deployed.${key}\``), { maxLength: 253 });
  }
  const text = (key: string) => deployed[key] as string | undefined;
  return { fileSystemId: text('fileSystemId'), address: text('address'), mountName: text('mountName') };
}

function usageOf(scope: IConstruct, usage: unknown): StorageUsageRequest {
  const check = (what: string, fix: string): Check => ({ scope, code: ErrorCode.STORAGE_OPTION_INVALID, what, fix });
  const u = optionalProps(usage, check('`usage`', 'Pass { storedGiB, classShares, monthlyReadRequests, ... }, or leave it out.'));
  const count = (key: string, fix: string) => {
    if (u[key] !== undefined) assertNumber(u[key], check(`\`usage.${key}\``, fix), { min: 0, max: 1e15 });
    return u[key] as number | undefined;
  };
  const storedGiB = count('storedGiB', 'Give the GiB stored, 0 or more.');
  const monthlyReadRequests = count('monthlyReadRequests', 'Give requests per month, 0 or more.');
  const monthlyWriteRequests = count('monthlyWriteRequests', 'Give requests per month, 0 or more.');
  const objectCount = count('objectCount', 'Give the number of objects stored, 0 or more.');
  const fix = 'Pass e.g. [{ storageClass: ObjectStorageClass.STANDARD, share: 0.2 }, { storageClass: ObjectStorageClass.ARCHIVE, share: 0.8 }].';
  const shares = u.classShares ?? [];
  const seen = new Set<string>();
  assertArray(shares, check('`usage.classShares`', fix), (s, i) => {
    assertObject(s, check(`\`usage.classShares[${i}]\``, fix));
    assertEnum(s.storageClass, ObjectStorageClass, check(`\`usage.classShares[${i}].storageClass\``, fix));
    assertNumber(s.share, check(`\`usage.classShares[${i}].share\``, 'Give a fraction from 0 to 1.'), { min: 0, max: 1 });
    if (s.monthlyRetrievalGiB !== undefined) assertNumber(s.monthlyRetrievalGiB, check(`\`usage.classShares[${i}].monthlyRetrievalGiB\``, 'Give GiB per month, 0 or more.'), { min: 0, max: 1e15 });
    if (seen.has(s.storageClass as string)) {
      throw new ValidationError(ErrorCode.STORAGE_OPTION_INVALID, { message: `Storage class ${s.storageClass} has two shares.`, received: shares, fix: 'Give each class one share.' }, scope);
    }
    seen.add(s.storageClass as string);
  });
  const list = shares as Array<{ storageClass: ObjectStorageClass; share: number; monthlyRetrievalGiB?: number }>;
  const total = list.reduce((sum, s) => sum + s.share, 0);
  if (total > 1 + 1e-9) {
    throw new ValidationError(ErrorCode.STORAGE_OPTION_INVALID, {
      message: `The class shares add up to ${total}, more than all the data.`,
      received: shares,
      fix: 'Make the shares add up to 1 (or less: the rest is not priced).',
    }, scope);
  }
  return {
    storedGiB,
    classShares: list.map((s) => ({ storageClass: s.storageClass, share: s.share, monthlyRetrievalGiB: s.monthlyRetrievalGiB })),
    monthlyReadRequests,
    monthlyWriteRequests,
    objectCount,
  };
}

function priceOf(scope: IConstruct, props: StorageTierProps): StorageUserPrice | undefined {
  if (props.pricePerGiBMonthUsd === undefined && props.priceSource === undefined) return undefined;
  const fix = 'Give both pricePerGiBMonthUsd (a positive number) and priceSource (where the figure comes from).';
  assertNumber(props.pricePerGiBMonthUsd, { scope, code: ErrorCode.STORAGE_PRICE_INVALID, what: '`pricePerGiBMonthUsd`', fix }, { min: 0, max: 1000 });
  assertString(props.priceSource, { scope, code: ErrorCode.STORAGE_PRICE_INVALID, what: '`priceSource`', fix }, { maxLength: 500, pattern: /\S/ });
  if (props.pricePerGiBMonthUsd === 0) {
    throw new ValidationError(ErrorCode.STORAGE_PRICE_INVALID, { message: 'A price of 0 would hide the cost, not state it.', received: 0, fix }, scope);
  }
  return { usdPerGiBMonth: props.pricePerGiBMonthUsd, source: props.priceSource };
}
