import { IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertArray, assertBoolean, assertNumber, assertObject, assertString } from '../core/guards';
import { constructPathOrType } from '../core/names';
import { compareStrings } from '../core/order';
import { Quantity } from '../core/quantity';
import { PlatformContext } from '../model/context';
import { StorageTierModel, TeamStorageGrant } from '../model/types';
import { tierModelOf } from '../storage/storage-tier';
import { IStorageTier } from '../storage/storage-tier-props';

/** A storage tier given to a team: how much it may claim in each of its namespaces. */
export interface StorageGrant {
  /** A StorageTier of the team's platform. */
  readonly tier: IStorageTier;
  /**
   * What the team may claim of the tier in each of its namespaces (ResourceQuota
   * `<tier>.storageclass.storage.k8s.io/requests.storage`), and what the platform's claim there requests, e.g. `2Ti`.
   * On a tier that provisions capacity, the grants of all teams (times their namespaces) must fit it.
   */
  readonly size: string;
  /**
   * Claims of the tier's storage class allowed per namespace (`<tier>.storageclass.storage.k8s.io/persistentvolumeclaims`).
   * @default 1 - the platform's claim
   */
  readonly maxClaims?: number;
  /**
   * Whether the team mounts the tier read-only.
   * @default - the tier's own (read-only for CACHE tiers)
   */
  readonly readOnly?: boolean;
}

/** What a job needs to mount a tier a team was given (SpotFleet checkpoints, training jobs, notebooks). */
export interface StorageMount {
  /** The tier name. */
  readonly tierName: string;
  /** The PersistentVolumeClaim in each of the team's namespaces (`persistentVolumeClaim.claimName`). */
  readonly claimName: string;
  /** Where to mount it (`volumeMounts[].mountPath`). */
  readonly mountPath: string;
  /** Whether the claim is read-only (`volumeMounts[].readOnly`). */
  readonly readOnly: boolean;
  /** Annotations the pod needs for the tier's CSI driver (e.g. `gke-gcsfuse/volumes: "true"` on GKE). */
  readonly podAnnotations: { [key: string]: string };
}

/** A grant with its tier's model. */
export interface ResolvedStorageGrant {
  readonly tier: IStorageTier;
  readonly model: StorageTierModel;
  readonly grant: TeamStorageGrant;
}

const MAX_CLAIMS = 1000;

/** Checks a team's storage grants (tiers of the platform, once each, positive sizes) and resolves them, sorted by tier name. */
export function resolveStorageGrants(team: IConstruct, platform: PlatformContext, grants: unknown): ResolvedStorageGrant[] {
  const fix = 'Pass e.g. storage: [{ tier: datasets, size: "2Ti" }].';
  const check = (what: string, hint = fix) => ({ scope: team, code: ErrorCode.STORAGE_GRANT_INVALID, what, fix: hint });
  assertArray(grants, check('`storage`'));
  const seen = new Set<string>();
  const resolved = grants.map((g, i): ResolvedStorageGrant => {
    assertObject(g, check(`\`storage[${i}]\``));
    const model = tierModelOf(platform, g.tier);
    if (!model) {
      throw new ValidationError(ErrorCode.STORAGE_GRANT_INVALID, {
        message: `storage[${i}].tier is not a storage tier of this team's platform.`,
        received: constructPathOrType(g.tier),
        fix: 'Pass a StorageTier created under the same MlPlatform.',
      }, team);
    }
    if (seen.has(model.name)) {
      throw new ValidationError(ErrorCode.STORAGE_GRANT_INVALID, {
        message: `Storage tier ${model.name} is given to the team twice.`,
        received: model.name,
        fix: 'Give each tier once, with the whole size.',
      }, team);
    }
    seen.add(model.name);
    assertString(g.size, check(`\`storage[${i}].size\``, 'Give a size such as "500Gi" or "2Ti".'));
    const size = Quantity.parse(g.size, team, `storage[${i}].size`);
    if (size.isZero() || size.isNegative()) {
      throw new ValidationError(ErrorCode.STORAGE_GRANT_INVALID, {
        message: 'A storage grant must be a positive size.',
        received: g.size,
        fix: 'Give a size such as "500Gi", or leave the tier out (a tier not given is quota 0).',
      }, team);
    }
    const maxClaims = g.maxClaims ?? 1;
    assertNumber(maxClaims, check(`\`storage[${i}].maxClaims\``, 'Give a whole number of claims, 1 or more.'), { integer: true, min: 1, max: MAX_CLAIMS });
    const readOnly = g.readOnly ?? model.readOnly;
    assertBoolean(readOnly, check(`\`storage[${i}].readOnly\``, 'Write readOnly: true or false, or leave it out.'));
    return { tier: g.tier as IStorageTier, model, grant: { tier: model.name, size, maxClaims, readOnly } };
  });
  return resolved.sort((a, b) => compareStrings(a.model.name, b.model.name));
}

/** What a job needs to mount a tier a team was given; STORAGE_TIER_NOT_GRANTED when the team was not given it. */
export function storageMountOf(team: IConstruct, teamName: string, grants: readonly ResolvedStorageGrant[], tier: unknown): StorageMount {
  const found = grants.find((g) => g.tier === tier);
  if (!found) {
    const name = tier !== null && typeof tier === 'object' && typeof (tier as IStorageTier).tierName === 'string' ? (tier as IStorageTier).tierName : constructPathOrType(tier);
    throw new ValidationError(ErrorCode.STORAGE_TIER_NOT_GRANTED, {
      message: `Team ${teamName} was not given storage tier ${name}: its namespaces have no claim on it and a quota of 0 for its class.`,
      received: name,
      allowed: grants.length > 0 ? grants.map((g) => g.model.name).join(', ') : 'none: the team was given no storage tier',
      fix: 'Give the team the tier (TeamNamespace storage: [{ tier, size }]), or mount a tier it was given.',
    }, team);
  }
  return {
    tierName: found.model.name,
    claimName: found.model.name,
    mountPath: found.model.mountPath,
    readOnly: found.grant.readOnly,
    podAnnotations: { ...found.model.podAnnotations },
  };
}
