import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertObject } from '../core/guards';
import { assertConstructIdFree, Names } from '../core/names';
import { compareStrings } from '../core/order';
import { StorageTierKind } from '../core/storage';
import { NameClaim, PlatformContext, platformOf, undoConstruct } from '../model/context';
import { StorageTierModel } from '../model/types';
import { StorageCostEstimate, storageTierCost } from './storage-cost';
import { IStorageTier, StorageTierProps } from './storage-tier-props';
import { tierRequest } from './tier-options';

const TIER_SYMBOL = Symbol.for('ml-platform-cdk.StorageTier');

/**
 * A storage tier, rendered to both layers from one model: in the cloud layer the service the platform's cloud provides
 * for the tier's kind (FSx for Lustre / Managed Lustre, S3 / GCS with a caching CSI driver, EFS / Filestore, S3 / GCS
 * with lifecycle rules), encrypted with a customer-managed key where the service takes one, reachable only from the
 * cluster's nodes, protected from deletion; in the cluster layer a StorageClass. Teams are given the tier with
 * `TeamNamespace` `storage`, which renders their claims and quotas.
 *
 * Create it anywhere below an {@link MlPlatform}.
 */
export class StorageTier extends Construct implements IStorageTier {
  /** Whether `x` is a StorageTier (works across copies of the library). */
  public static isStorageTier(x: any): x is StorageTier {
    return x !== null && typeof x === 'object' && TIER_SYMBOL in x;
  }

  /** The tier name. */
  public readonly tierName: string;
  /** What the tier is for. */
  public readonly kind: StorageTierKind;
  /** The StorageClass name (the tier name). */
  public readonly storageClassName: string;
  /** The name of the claim every team given the tier has in each of its namespaces (the tier name). */
  public readonly claimName: string;
  /** Where jobs mount the tier's claim. */
  public readonly mountPath: string;
  /** The service and its configuration, in words. */
  public readonly service: string;
  /** The CSI driver that mounts the tier (to install in the cluster). */
  public readonly csiDriver: string;
  /** The zone of a zonal tier; undefined for regional services. */
  public readonly zone?: string;
  /** Provisioned capacity (or the data expected, for elastic services), GiB. */
  public readonly capacityGiB?: number;
  /** The tier's StorageClass (escape hatch: `addJsonPatch`). */
  public readonly storageClass: ApiObject;
  /** The construct under which the tier's Terraform resources live (escape hatch). */
  public readonly cloudResources: Construct;

  private readonly platform: PlatformContext;
  private readonly model: StorageTierModel;

  constructor(scope: Construct, id: string, props: StorageTierProps) {
    assertConstructIdFree(scope, id, 'storage tier');
    super(scope, id);
    try {
      Object.defineProperty(this, TIER_SYMBOL, { value: true });
      const platform = platformOf(this, 'StorageTier');
      this.platform = platform;
      assertObject(props, {
        scope: this, code: ErrorCode.STORAGE_OPTION_INVALID, what: 'StorageTier props',
        fix: 'Pass props, e.g. { kind: StorageTierKind.ARCHIVE }.',
      });
      this.tierName = props.name ?? id;
      Names.assertDns1123Label(this, 'storage tier name', this.tierName);
      const request = tierRequest(this, props, { name: this.tierName, modelOf: (tier) => tierModelOf(platform, tier), regionZones: regionZonesOf(platform) });
      this.model = platform._target.resolveStorageTier(this, request);
      this.kind = this.model.kind;
      this.storageClassName = this.model.storageClassName;
      this.claimName = this.model.name;
      this.mountPath = this.model.mountPath;
      this.service = this.model.service;
      this.csiDriver = this.model.csiDriver;
      this.zone = this.model.zone;
      this.capacityGiB = this.model.capacityGiB;

      platform._register({ kind: 'storage-tier', source: this, tier: this.model }, tierNameClaims(this.model, this.node.path));
      this.cloudResources = platform._cloudScope('storage', this.tierName);
      platform._target.renderStorageTier(this.cloudResources, this.model);
      this.storageClass = platform._core.renderStorageClass(platform._clusterScope('storage', this.tierName), this.model);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /** Whether the tier's PersistentVolumes can be rendered (object tiers always; file systems once `deployed` is given). */
  public get volumesReady(): boolean {
    return this.model.volume !== undefined;
  }

  /**
   * The tier's monthly cost drivers priced from the platform's catalog (each figure with its catalog row, source and
   * date), and what cannot be priced, with the reason.
   */
  public estimateMonthlyCost(): StorageCostEstimate {
    return storageTierCost(this.model, this.platform.catalog);
  }

  /**
   * The resolved tier as plain data, as every renderer and the cost estimate see it.
   * @internal
   */
  public _toModel(): StorageTierModel {
    return this.model;
  }
}

/** The zones the catalog lists for the platform's region, sorted; none when the catalog does not know the region. */
function regionZonesOf(platform: PlatformContext): string[] {
  const region = platform.catalog.findRegion(platform.cloud.provider, platform.cloud.region);
  return region ? platform.catalog.zonesOf(platform.cloud.provider, region.name).map((z) => z.name).sort(compareStrings) : [];
}

/** The model of a tier of the platform; undefined for anything else (a tier of another platform included). */
export function tierModelOf(platform: PlatformContext, tier: unknown): StorageTierModel | undefined {
  if (!StorageTier.isStorageTier(tier)) return undefined;
  const member = platform._claimant('storage-tier', tier.tierName);
  return member?.kind === 'storage-tier' && member.source === tier ? member.tier : undefined;
}

/** A tier claims its name (StorageClass, claims) and its cloud resource name; a Lustre tier its file system name too. */
function tierNameClaims(tier: StorageTierModel, path: string): NameClaim[] {
  const claims: NameClaim[] = [{
    space: 'storage-tier',
    name: tier.name,
    holder: path,
    clash: (holder) => `Storage tier name "${tier.name}" is already used by ${holder}.`,
    fix: 'Give each tier a unique name (StorageClass and claim names are the tier name).',
  }, {
    space: 'storage-resource',
    name: tier.resourceName,
    holder: path,
    clash: (holder) => `The cloud resource name "${tier.resourceName}" is already used by ${holder}.`,
    fix: 'Give the tier another name or bucketName.',
  }];
  if (tier.fileSystemName !== undefined) {
    claims.push({
      space: 'lustre-file-system',
      name: tier.fileSystemName,
      holder: path,
      clash: (holder) => `The Lustre file system name "${tier.fileSystemName}" (the tier name's first 8 letters and digits) is already used by ${holder}; `
        + 'a node cannot mount two Lustre file systems of the same name.',
      fix: 'Rename one of the tiers so that their first 8 letters and digits differ.',
    });
  }
  return claims;
}

/** Throws unless `tier` is a tier of `platform`. */
export function assertTierOf(scope: IConstruct, platform: PlatformContext, tier: unknown, what: string, code: ErrorCode): StorageTierModel {
  const model = tierModelOf(platform, tier);
  if (!model) {
    throw new ValidationError(code, {
      message: `${what} is not a storage tier of this platform.`,
      received: tier,
      fix: 'Pass a StorageTier created under the same MlPlatform.',
    }, scope);
  }
  return model;
}
