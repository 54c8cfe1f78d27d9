import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { InstanceRequirements } from '../catalog/types';
import { Capacity, CapacityType } from '../core/capacity';
import { ErrorCode, ValidationError } from '../core/errors';
import { GpuModel } from '../core/gpu-model';
import { GpuSharing } from '../core/gpu-sharing';
import { assertNumber, assertObject, assertString, Check } from '../core/guards';
import { PlatformLabels } from '../core/labels';
import { assertConstructIdFree, constructPathOrType, Names } from '../core/names';
import { compareStrings, sortedRecord } from '../core/order';
import { Quantity } from '../core/quantity';
import { DEFAULT_GPU_TAINT, SPOT_TAINT, Taint } from '../core/taint';
import { PlatformContext, platformOf, undoConstruct } from '../model/context';
import { spotFleetCost, SpotFleetCost } from '../model/fleet-cost';
import { FleetPlacement } from '../model/seams';
import { CapacityPoolModel, FleetCheckpointModel, PoolResourceCapacity, SpotFleetModel } from '../model/types';
import type { IStorageTier } from '../storage/storage-tier-props';
import { ICapacityPool, markCapacityPool } from './capacity-pool';
import { markFleetOwned } from './fleet-owned-pools';
import { GpuNodePool, poolNameClaim } from './gpu-node-pool';
import { assertSelectionInput } from './instance-selection';
import { MigPartitionProfile } from './mig-partition-profile';
import { FleetJobSettings, jobSettingsOf } from './spot-fleet-jobs';
import { FleetSelection, fleetPricing, selectFleetInstances } from './spot-fleet-selection';

/** Where a fleet's jobs checkpoint. */
export interface FleetCheckpoints {
  /**
   * The storage tier (of the same platform, writable: a parallel, shared or archive tier) jobs write their
   * checkpoints to. Every team with quota on the fleet gets a claim on it in each of its namespaces.
   */
  readonly tier: IStorageTier;
  /**
   * The claim a team gets on the tier when it uses the fleet without being given the tier itself (TeamNamespace
   * `storage`); a team given the tier keeps its own size.
   * @default '1Ti'
   */
  readonly claimSizePerTeam?: string;
  /**
   * The directory under the tier's mount that jobs write checkpoints to (`CHECKPOINT_DIR`).
   * @default - `checkpoints/<fleet name>`
   */
  readonly directory?: string;
}

/** Properties of a {@link SpotFleet}. */
export interface SpotFleetProps {
  /**
   * The fleet name: its flavor's name, the prefix of its pools' names, its ComputeClass on GKE (a DNS-1123 label).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The GPU model; the fleet's types are the offerings that carry it (see `gpusPerNode`).
   * @default - selected by `requirements` or `instanceTypes`
   */
  readonly gpu?: GpuModel;
  /**
   * GPUs per node, with `gpu`.
   * @default - any count; the best-ranked offering sets it
   */
  readonly gpusPerNode?: number;
  /**
   * Requirements (e.g. `{ minGpuMemoryGiB: 40, gpusPerNode: 8 }`); the fleet's types are the offerings that meet them.
   * @default - selected by `gpu` or `instanceTypes`
   */
  readonly requirements?: InstanceRequirements;
  /**
   * Explicit spot types, in order of preference (same GPU model and count).
   * @default - chosen from the catalog: least interrupted first (AWS Spot Instance Advisor), then cheapest spot price per GPU-hour
   */
  readonly instanceTypes?: string[];
  /**
   * Most spot types to diversify over (AWS: in one managed node group; GCP: one node pool each).
   * @default 4
   */
  readonly maxInstanceTypes?: number;
  /**
   * Zones the fleet's nodes may run in.
   * @default - every zone of the cluster
   */
  readonly zones?: string[];
  /** Most nodes the fleet runs at once, spot or on-demand in their place. Bounds what teams can be guaranteed. */
  readonly maxNodes: number;
  /**
   * On-demand nodes kept running (already paid for, so used first); at most `maxNodes`.
   * @default 0
   */
  readonly onDemandBaseNodes?: number;
  /**
   * Whether on-demand nodes take the place of spot nodes the cloud cannot give, by themselves (the autoscaler's
   * node-level fallback; see docs/adr/0012-spot-fallback.md). Without it (and without a base) the fleet is spot only.
   * @default true
   */
  readonly onDemandFallback?: boolean;
  /**
   * Most on-demand nodes, base included, when the fleet falls back (at most `maxNodes`).
   * @default - `maxNodes`: every spot node can be replaced
   */
  readonly fallbackMaxNodes?: number;
  /**
   * Minutes the autoscaler gives spot nodes before it turns to on-demand ones. EKS: the cluster autoscaler's
   * `--max-node-provision-time` (the platform states it on the priority-expander ConfigMap; run the autoscaler with the
   * same value); an EC2 "no spot capacity" error falls back at once. GKE falls back as soon as Compute Engine reports
   * no capacity. Jobs still waiting this long plus 10 minutes are requeued by Kueue (with backoff, never deactivated).
   * @default 15
   */
  readonly fallbackAfterMinutes?: number;
  /**
   * Root volume size per node, GiB.
   * @default 200
   */
  readonly diskSizeGiB?: number;
  /**
   * Partition every node's GPUs with this MIG profile (as on a GpuNodePool).
   * @default - whole GPUs
   */
  readonly mig?: MigPartitionProfile;
  /**
   * Share each GPU between pods (as on a GpuNodePool).
   * @default - no sharing
   */
  readonly sharing?: GpuSharing;
  /**
   * Share of the fleet's GPU-hours expected on spot (0-1), for the cost estimate; the rest is priced on demand.
   * @default - 1 minus the highest upper bound of the AWS Spot Instance Advisor interruption-frequency ranges of the
   *   fleet's types (e.g. `<5%` -> 0.95); not known on GCP, or for types in the open `>20%` range (the fleet is then
   *   reported unpriced, with the reason)
   */
  readonly spotShare?: number;
  /** Where the fleet's jobs checkpoint, so that an interrupted job restarts from its last checkpoint. */
  readonly checkpoints: FleetCheckpoints;
  /**
   * Seconds a job has to write its checkpoint when its spot node is reclaimed: the pods' termination grace, at most
   * what the cloud gives (EKS: the two-minute notice, 120; GKE: 15 of the 30-second notice).
   * @default - the most the cloud gives
   */
  readonly checkpointGraceSeconds?: number;
}

const DEFAULT_MAX_TYPES = 4;
const DEFAULT_FALLBACK_MINUTES = 15;

/**
 * Diversified spot GPU capacity for work that tolerates interruption: spot pools over several instance types and/or
 * zones chosen from the catalog by interruption frequency and spot price, an optional on-demand base, and an
 * on-demand pool the autoscaler turns to by itself when spot capacity does not come.
 *
 * The fleet owns GpuNodePools (so MIG, sharing, labels and cloud limits work as for any pool) and is one Kueue flavor
 * over all of them: teams get quota on the fleet (`quotas: [{ pool: fleet, ... }]`), and only workloads of interruptible
 * tiers, which tolerate the spot taint, are ever admitted on it.
 */
export class SpotFleet extends Construct implements ICapacityPool {
  /** Whether `x` is a SpotFleet. */
  public static isSpotFleet(x: any): x is SpotFleet {
    return x !== null && typeof x === 'object' && FLEET_SYMBOL in x;
  }

  /** The fleet name (the flavor's name). */
  public readonly poolName: string;
  /** The spot pools, most preferred first. */
  public readonly spotPools: GpuNodePool[];
  /** The on-demand pool (base and fallback), if any. */
  public readonly onDemandPool?: GpuNodePool;
  /** GPUs per node. */
  public readonly gpusPerNode: number;
  /** Most nodes at once. */
  public readonly maxNodes: number;
  /** The taints admitted workloads get tolerations for from the flavor (the spot taint is not one of them). */
  public readonly taints: Taint[];
  /** The fleet's Kueue ResourceFlavor (escape hatch); undefined on schedulers without flavors. */
  public readonly resourceFlavor?: ApiObject;
  /** What makes the autoscaler prefer spot (EKS: the priority-expander ConfigMap; GKE: the ComputeClass). */
  public readonly autoscalerLadder?: ApiObject;
  /** How the node-level fallback works on this cloud, in words. */
  public readonly fallbackMechanism: string;

  private readonly model: SpotFleetModel;
  private readonly capacityModel: CapacityPoolModel;

  constructor(scope: Construct, id: string, props: SpotFleetProps) {
    assertConstructIdFree(scope, id, 'spot fleet');
    super(scope, id);
    try {
      Object.defineProperty(this, FLEET_SYMBOL, { value: true });
      markCapacityPool(this);
      const platform = platformOf(this, 'SpotFleet');
      const check = (what: string, fix: string): Check => ({ scope: this, code: ErrorCode.SPOT_FLEET_INVALID, what, fix });
      assertObject(props, check('SpotFleet props', 'Pass at least { maxNodes } and one of `gpu`, `requirements` or `instanceTypes`.'));
      this.poolName = props.name ?? id;
      Names.assertDns1123Label(this, 'spot fleet name', this.poolName);
      const target = platform._target;
      if (!target.placeFleet || !target.renderFleet) {
        throw new ValidationError(ErrorCode.SPOT_FLEET_INVALID, {
          message: 'The platform\'s cloud target does not run spot fleets.',
          received: platform.cloud.provider,
          fix: 'Use an EKS or GKE cluster, or declare spot GpuNodePools.',
        }, this);
      }
      const sizes = this.resolveSizes(props, check);
      this.maxNodes = sizes.maxNodes;
      assertSelectionInput(this, props);
      const maxTypes = props.maxInstanceTypes ?? DEFAULT_MAX_TYPES;
      assertNumber(maxTypes, check('`maxInstanceTypes`', 'Use a whole number such as 4.'), { integer: true, min: 1, max: 20 });
      if (props.spotShare !== undefined) assertNumber(props.spotShare, check('`spotShare`', 'Use a share from 0 to 1, e.g. 0.9.'), { min: 0, max: 1 });
      if (props.zones !== undefined && !Array.isArray(props.zones)) {
        throw new ValidationError(ErrorCode.POOL_ZONE_UNKNOWN, { message: '`zones` must be a list of zone names.', received: props.zones, fix: 'Pass e.g. ["us-east-1a", "us-east-1b"].' }, this);
      }
      const placement = target.placeFleet(this, { name: this.poolName, zones: props.zones });
      const grace = props.checkpointGraceSeconds ?? placement.interruption.maxPodGraceSeconds;
      assertNumber(grace, check('`checkpointGraceSeconds`', 'Use a whole number of seconds.'), { integer: true, min: 1 });
      if (grace > placement.interruption.maxPodGraceSeconds) {
        throw new ValidationError(ErrorCode.SPOT_INTERRUPTION_GRACE_TOO_LONG, {
          message: `A pod on a reclaimed ${platform.cloud.provider} spot node gets at most ${placement.interruption.maxPodGraceSeconds} seconds, `
            + `so a checkpoint that needs ${grace} would not finish.`,
          received: grace,
          allowed: `1 to ${placement.interruption.maxPodGraceSeconds} seconds`,
          fix: 'Checkpoint periodically so that the last step fits in the grace, and lower checkpointGraceSeconds.',
        }, this);
      }

      const checkpoint = this.resolveCheckpoints(platform, props.checkpoints);
      const onDemandNeeded = sizes.onDemandMax > 0;
      const selection = selectFleetInstances(this, platform.catalog, platform.cloud, props, maxTypes, onDemandNeeded);
      this.gpusPerNode = selection.spot[0].gpuCount;
      const pools = planPools(this.poolName, selection, placement);
      if (selection.spot.length < 2 && placement.zoneCount < 2) {
        throw new ValidationError(ErrorCode.SPOT_FLEET_NOT_DIVERSIFIED, {
          message: 'The fleet would run one instance type in one zone: a single spot capacity pool, which the cloud can reclaim all at once.',
          received: { instanceTypes: selection.spot.map((o) => o.name), zones: props.zones ?? `${placement.zoneCount} (the cluster's)` },
          allowed: 'at least 2 instance types, or at least 2 zones',
          fix: 'Allow more types (requirements that several offerings meet, or more `instanceTypes`) or more zones.',
        }, this);
      }
      // Everything that can be refused is refused before the first pool exists: a failed fleet leaves nothing behind.
      const taints = [DEFAULT_GPU_TAINT, ...placement.poolTaints];
      for (const pool of [...pools.spot, ...(pools.onDemand ? [pools.onDemand] : [])]) {
        target.checkPoolDeclaration(this, { name: pool.name, capacity: pool.capacity, instanceTypes: pool.instanceTypes });
        const claimant = platform._claimant('pool', pool.name);
        if (claimant) throw duplicatePool(this, pool.name, claimant.source.node.path);
      }
      const fleetClaimant = platform._claimant('pool', this.poolName);
      if (fleetClaimant) throw duplicatePool(this, this.poolName, fleetClaimant.source.node.path);
      platform._scheduler.checkPool(this, taints, placement.selectorLabels);

      const common = {
        gpu: selection.spot[0].gpu,
        taints,
        labels: placement.poolLabels,
        zones: props.zones,
        diskSizeGiB: props.diskSizeGiB,
        mig: props.mig,
        sharing: props.sharing,
      };
      this.spotPools = pools.spot.map((p) => {
        markFleetOwned(this, p.id);
        return new GpuNodePool(this, p.id, {
          ...common, name: p.name, instanceTypes: p.instanceTypes, capacity: Capacity.spot(), minNodes: 0, maxNodes: sizes.maxNodes,
        });
      });
      if (pools.onDemand) {
        markFleetOwned(this, pools.onDemand.id);
        this.onDemandPool = new GpuNodePool(this, pools.onDemand.id, {
          ...common, name: pools.onDemand.name, instanceTypes: pools.onDemand.instanceTypes, minNodes: sizes.base, maxNodes: sizes.onDemandMax,
        });
      }

      this.taints = taints;
      this.fallbackMechanism = placement.fallbackMechanism;
      this.model = {
        name: this.poolName,
        gpu: selection.spot[0].gpu!.id,
        gpusPerNode: this.gpusPerNode,
        maxNodes: sizes.maxNodes,
        spotPools: this.spotPools.map((p) => p.poolName),
        spotInstanceTypes: selection.spot.map((o) => o.name),
        onDemandPool: this.onDemandPool?.poolName,
        onDemandInstanceType: selection.onDemand?.name,
        onDemandBaseNodes: sizes.base,
        fallbackMaxNodes: sizes.fallback ? sizes.onDemandMax : 0,
        fallbackAfterMinutes: sizes.fallbackAfterMinutes,
        zones: [...(props.zones ?? [])].sort(compareStrings),
        nodeSelector: { ...placement.selectorLabels },
        taints: [...taints, SPOT_TAINT],
        interruption: placement.interruption,
        checkpointGraceSeconds: grace,
        checkpoint,
        pricing: fleetPricing(platform.catalog, platform.cloud, selection, props.spotShare),
      };
      this.capacityModel = this.buildCapacityModel(placement);
      platform._register({ kind: 'spot-fleet', source: this, fleet: this.model, capacity: this.capacityModel }, [poolNameClaim(this.poolName, this)]);
      this.resourceFlavor = platform._scheduler.renderFlavor(platform._clusterScope('pool', this.poolName), this.capacityModel);
      this.autoscalerLadder = target.renderFleet(platform._clusterScope('fleet', this.poolName), () => this.model);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /** Name of the fleet's Kueue ResourceFlavor: the fleet name. */
  public get flavorName(): string {
    return this.poolName;
  }

  /** What the fleet offers team quotas at its maximum size (`maxNodes` of its smallest type), `cpu` and `memory` first. */
  public capacityAtMaxSize(): PoolResourceCapacity[] {
    return [...this.capacityModel.capacity];
  }

  /** The toleration, annotations, grace and environment a job on the fleet needs (see the README's "Spot fleets"). */
  public get jobSettings(): FleetJobSettings {
    return jobSettingsOf(this.model);
  }

  /**
   * The fleet's effective price per GPU-hour (spot share x spot + fallback share x on-demand), with the catalog rows
   * it comes from; unpriced, with the reason, when the data cannot say. A pure function of the fleet's model.
   */
  public cost(): SpotFleetCost {
    return spotFleetCost(this.model);
  }

  /**
   * The resolved fleet as plain data.
   * @internal
   */
  public _toModel(): SpotFleetModel {
    return this.model;
  }

  private resolveCheckpoints(platform: PlatformContext, checkpoints: FleetCheckpoints | undefined): FleetCheckpointModel {
    const fix = 'Name the tier jobs checkpoint to: checkpoints: { tier: new StorageTier(platform, "checkpoints", { kind: StorageTierKind.PARALLEL, ... }) }.';
    if (checkpoints === undefined || checkpoints === null) {
      throw new ValidationError(ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING, {
        message: 'A spot fleet needs a storage tier to checkpoint to: an interrupted job must restart from its last checkpoint, not from scratch.',
        received: checkpoints,
        fix,
      }, this);
    }
    assertObject(checkpoints, { scope: this, code: ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING, what: '`checkpoints`', fix });
    const tier = checkpoints.tier as IStorageTier | undefined;
    const member = tier !== null && typeof tier === 'object' && typeof tier.tierName === 'string' ? platform._claimant('storage-tier', tier.tierName) : undefined;
    if (member?.kind !== 'storage-tier' || member.source !== tier) {
      throw new ValidationError(ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING, {
        message: '`checkpoints.tier` is not a storage tier of this platform.',
        received: constructPathOrType(tier),
        fix,
      }, this);
    }
    const model = member.tier;
    if (model.readOnly) {
      throw new ValidationError(ErrorCode.SPOT_FLEET_CHECKPOINT_MISSING, {
        message: `Storage tier ${model.name} is mounted read-only (a ${model.kind} tier): jobs could not write checkpoints to it.`,
        received: model.kind,
        allowed: 'a writable tier: parallel, shared or archive',
        fix: 'Checkpoint to a parallel tier (fast restarts) or an archive tier.',
      }, this);
    }
    const check = (what: string, hint: string): Check => ({ scope: this, code: ErrorCode.SPOT_FLEET_INVALID, what, fix: hint });
    const sizeText = checkpoints.claimSizePerTeam ?? '1Ti';
    assertString(sizeText, check('`checkpoints.claimSizePerTeam`', 'Give a size such as "500Gi".'));
    const claimSize = Quantity.parse(sizeText, this, 'checkpoints.claimSizePerTeam');
    if (claimSize.isZero() || claimSize.isNegative()) {
      throw new ValidationError(ErrorCode.SPOT_FLEET_INVALID, { message: 'The checkpoint claim size must be positive.', received: sizeText, fix: 'Give a size such as "500Gi".' }, this);
    }
    const directory = checkpoints.directory ?? `checkpoints/${this.poolName}`;
    assertString(directory, check('`checkpoints.directory`', 'Give a relative path such as "checkpoints/train".'),
      { pattern: /^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/, maxLength: 255, allowed: 'a relative path of letters, digits, ".", "_", "-" and "/", without ".."' });
    return {
      tier: model.name,
      claimName: tier!.claimName,
      mountPath: model.mountPath,
      directory,
      claimSize,
      podAnnotations: { ...model.podAnnotations },
    };
  }

  private resolveSizes(props: SpotFleetProps, check: (what: string, fix: string) => Check) {
    const maxNodes = props.maxNodes;
    assertNumber(maxNodes, check('`maxNodes`', 'Set maxNodes to the most nodes the fleet may run at once.'), { integer: true, min: 1 });
    const base = props.onDemandBaseNodes ?? 0;
    assertNumber(base, check('`onDemandBaseNodes`', 'Use a whole number of nodes, 0 or more.'), { integer: true, min: 0 });
    if (base > maxNodes) {
      throw new ValidationError(ErrorCode.SPOT_FLEET_BASE_EXCEEDS_MAX, {
        message: `The fleet keeps ${base} on-demand nodes running but runs at most ${maxNodes} nodes.`,
        received: { onDemandBaseNodes: base, maxNodes },
        allowed: `onDemandBaseNodes from 0 to ${maxNodes}`,
        fix: 'Lower onDemandBaseNodes, or raise maxNodes (base nodes count toward it).',
      }, this);
    }
    const fallback = props.onDemandFallback ?? true;
    if (typeof fallback !== 'boolean') {
      throw new ValidationError(ErrorCode.SPOT_FLEET_INVALID, {
        message: '`onDemandFallback` must be true or false.',
        received: fallback,
        fix: 'Write onDemandFallback: false (a boolean) for a spot-only fleet.',
      }, this);
    }
    const fallbackMax = props.fallbackMaxNodes ?? maxNodes;
    const fallbackRule = { integer: true, min: Math.max(base, 1), max: maxNodes };
    assertNumber(fallbackMax, check('`fallbackMaxNodes`', `Use a whole number from ${fallbackRule.min} to ${maxNodes}.`), fallbackRule);
    const fallbackAfterMinutes = props.fallbackAfterMinutes ?? DEFAULT_FALLBACK_MINUTES;
    assertNumber(fallbackAfterMinutes, check('`fallbackAfterMinutes`', 'Use a whole number of minutes, e.g. 15.'), { integer: true, min: 1, max: 1440 });
    return { maxNodes, base, fallback, onDemandMax: fallback ? fallbackMax : base, fallbackAfterMinutes };
  }

  /** The fleet's one flavor: every spot node and every on-demand node of the fleet, for workloads that tolerate spot. */
  private buildCapacityModel(placement: FleetPlacement): CapacityPoolModel {
    const pools = [...this.spotPools, ...(this.onDemandPool ? [this.onDemandPool] : [])];
    // Per resource, the smallest of the spot types at the fleet's size: what the fleet can always provide.
    const byResource = new Map<string, PoolResourceCapacity>();
    for (const pool of this.spotPools) {
      for (const c of pool.capacityAtMaxSize()) {
        const prior = byResource.get(c.resourceName);
        byResource.set(c.resourceName, !prior ? c : {
          resourceName: c.resourceName,
          atMaxSize: Quantity.min(prior.atMaxSize, c.atMaxSize),
          cpuPerUnit: prior.cpuPerUnit && c.cpuPerUnit ? Quantity.min(prior.cpuPerUnit, c.cpuPerUnit) : undefined,
          memoryPerUnit: prior.memoryPerUnit && c.memoryPerUnit ? Quantity.min(prior.memoryPerUnit, c.memoryPerUnit) : undefined,
        });
      }
    }
    const capacity = [...byResource.values()];
    const shared = (key: string) => pools.every((p) => p.nodeLabels[key] === pools[0].nodeLabels[key]);
    const nodeLabels = sortedRecord(Object.fromEntries(Object.entries(pools[0].nodeLabels).filter(([k]) => shared(k))));
    // Base and fallback nodes alike back the fleet's guarantees: they stay when every spot node is gone.
    const onDemand = this.onDemandPool?.capacityAtMaxSize();
    return {
      name: this.poolName,
      taints: this.taints,
      selectorLabels: placement.selectorLabels,
      nodeLabels,
      flavorAnnotations: { [PlatformLabels.INSTANCE_TYPE_ANNOTATION]: [...this.model.spotInstanceTypes, ...(this.model.onDemandInstanceType ? [this.model.onDemandInstanceType] : [])].join(',') },
      capacity,
      capacityByResource: new Map(capacity.map((c) => [c.resourceName, c])),
      classificationTaints: [SPOT_TAINT],
      capacityType: CapacityType.SPOT,
      spotOnly: !onDemand,
      fleet: this.poolName,
      backedByOnDemand: onDemand ? new Map(onDemand.map((c) => [c.resourceName, c.atMaxSize])) : undefined,
    };
  }
}

interface PlannedPool {
  readonly id: string;
  readonly name: string;
  readonly instanceTypes: string[];
  readonly capacity: Capacity;
}

/** The fleet's pools: one spot pool for all types where the cloud allows it (EKS), one per type otherwise (GKE). */
function planPools(fleet: string, selection: FleetSelection, placement: FleetPlacement): { spot: PlannedPool[]; onDemand?: PlannedPool } {
  const types = selection.spot.map((o) => o.name);
  const spot: PlannedPool[] = types.length <= placement.maxInstanceTypesPerPool
    ? [{ id: 'SpotPool', name: `${fleet}-spot`, instanceTypes: types, capacity: Capacity.spot() }]
    : types.map((t) => ({ id: `SpotPool-${t}`, name: `${fleet}-spot-${t.replace(/[^a-z0-9-]/g, '-')}`, instanceTypes: [t], capacity: Capacity.spot() }));
  const onDemand = selection.onDemand
    ? { id: 'OnDemandPool', name: `${fleet}-on-demand`, instanceTypes: [selection.onDemand.name], capacity: Capacity.onDemand() }
    : undefined;
  return { spot, onDemand };
}

function duplicatePool(fleet: Construct, name: string, holder: string): ValidationError {
  return new ValidationError(ErrorCode.DUPLICATE_NAME, {
    message: `Pool name "${name}" is already used by ${holder}.`,
    received: name,
    fix: 'Give the fleet another name: its flavor and pools are named after it.',
  }, fleet);
}

const FLEET_SYMBOL = Symbol.for('ml-platform-cdk.SpotFleet');
