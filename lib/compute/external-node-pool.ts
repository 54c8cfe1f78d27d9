import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertLabels, assertRenderableKey, assertTaints, isQualifiedName } from '../core/kube-syntax';
import { assertConstructIdFree, Names } from '../core/names';
import { compareResourceNames } from '../core/order';
import { Quantity } from '../core/quantity';
import { Taint } from '../core/taint';
import { platformOf, undoConstruct } from '../model/context';
import { CapacityPoolModel, PoolResourceCapacity } from '../model/types';
import { ICapacityPool, markCapacityPool } from './capacity-pool';
import { poolNameClaim } from './gpu-node-pool';

/** Properties of an {@link ExternalNodePool}. */
export interface ExternalNodePoolProps {
  /**
   * The pool name: ResourceFlavor name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Labels that select the pool's nodes and only them, e.g. `{ 'eks.amazonaws.com/nodegroup': 'general' }`,
   * `{ 'karpenter.sh/nodepool': 'cpu' }` or `{ 'cloud.google.com/gke-nodepool': 'general' }` (1 to 8 labels).
   */
  readonly nodeLabels: { [key: string]: string };
  /**
   * The nodes' taints (the flavor gives admitted pods matching tolerations).
   * @default - none
   */
  readonly taints?: Taint[];
  /**
   * What the nodes provide at most, per resource (Kubernetes quantities), e.g. `{ cpu: '256', memory: '1Ti' }`:
   * the ceiling for the sum of the teams' guaranteed quota on this pool.
   */
  readonly resources: { [resourceName: string]: string };
}

/**
 * Nodes the platform schedules team workloads onto but does not provision: a CPU node group, a Karpenter
 * NodePool or nodes managed by another stack. Teams get quota on it like on a {@link GpuNodePool}
 * (e.g. elastic CPU for data preparation); you state what it provides at most, and the sum of the teams'
 * guaranteed quota is checked against that.
 */
export class ExternalNodePool extends Construct implements ICapacityPool {
  /** The pool name. */
  public readonly poolName: string;
  /** The labels that select the pool's nodes. */
  public readonly nodeLabels: { [key: string]: string };
  /** The nodes' taints. */
  public readonly taints: Taint[];
  /** The pool's Kueue ResourceFlavor (undefined when the platform schedules with Volcano). */
  public readonly resourceFlavor?: ApiObject;

  private readonly capacity: PoolResourceCapacity[];

  constructor(scope: Construct, id: string, props: ExternalNodePoolProps) {
    assertConstructIdFree(scope, id, 'external node pool');
    super(scope, id);
    try {
      markCapacityPool(this);
      const platform = platformOf(this, 'ExternalNodePool');
      if (props === null || typeof props !== 'object') {
        throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
          message: 'An ExternalNodePool needs its props (`nodeLabels` and `resources`).',
          received: props,
          fix: 'Pass e.g. { nodeLabels: { "eks.amazonaws.com/nodegroup": "general" }, resources: { cpu: "256", memory: "1Ti" } }.',
        }, this);
      }
      this.poolName = props.name ?? id;
      Names.assertDns1123Label(this, 'pool name', this.poolName);
      if (props.nodeLabels === null || typeof props.nodeLabels !== 'object' || Array.isArray(props.nodeLabels)) {
        throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
          message: '`nodeLabels` must be a map of label keys to values.',
          received: props.nodeLabels,
          fix: 'Select the nodes by a label they all carry, e.g. { "eks.amazonaws.com/nodegroup": "general" }.',
        }, this);
      }
      this.nodeLabels = { ...props.nodeLabels };
      if (props.taints !== undefined && !Array.isArray(props.taints)) {
        throw new ValidationError(ErrorCode.TAINT_INVALID, {
          message: '`taints` must be a list of taints.',
          received: props.taints,
          fix: 'Pass an array, e.g. [{ key: "dedicated", value: "cpu", effect: TaintEffect.NO_SCHEDULE }].',
        }, this);
      }
      this.taints = [...(props.taints ?? [])];
      if (Object.keys(this.nodeLabels).length === 0) {
        throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
          message: 'An external pool needs node labels that select its nodes; without them its flavor would place pods on any node, GPU nodes included.',
          received: this.nodeLabels,
          allowed: 'at least 1 label (Kueue flavors take at most 8)',
          fix: 'Select the nodes by a label they all carry, e.g. { "eks.amazonaws.com/nodegroup": "general" }.',
        }, this);
      }
      assertLabels(this, this.nodeLabels, 'node selector label');
      assertTaints(this, this.taints);
      platform._scheduler.checkPool(this, this.taints, this.nodeLabels);
      this.capacity = this.parseResources(props.resources);
      const capacityModel: CapacityPoolModel = {
        name: this.poolName,
        taints: this.taints,
        selectorLabels: this.nodeLabels,
        // What the nodes carry is what the user says selects them: the flavor may select only those.
        nodeLabels: this.nodeLabels,
        flavorAnnotations: {},
        capacity: this.capacity,
        capacityByResource: new Map(this.capacity.map((c) => [c.resourceName, c])),
      };
      platform._register({ kind: 'external-pool', source: this, capacity: capacityModel }, [poolNameClaim(this.poolName, this)]);
      this.resourceFlavor = platform._scheduler.renderFlavor(platform._clusterScope('pool', this.poolName), capacityModel);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /** Name of the pool's Kueue ResourceFlavor. */
  public get flavorName(): string {
    return this.poolName;
  }

  /** What the pool offers team quotas, as declared in `resources`. */
  public capacityAtMaxSize(): PoolResourceCapacity[] {
    return [...this.capacity];
  }

  private parseResources(resources: { [resourceName: string]: string }): PoolResourceCapacity[] {
    const names = resources !== null && typeof resources === 'object' && !Array.isArray(resources) ? Object.keys(resources) : [];
    if (names.length === 0) {
      throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
        message: 'An external pool must say what its nodes provide, so that quotas can be checked against it.',
        received: resources,
        fix: 'Set `resources`, e.g. { cpu: "256", memory: "1Ti" }.',
      }, this);
    }
    return names
      .sort(compareResourceNames)
      .map((resourceName) => {
        assertRenderableKey(this, resourceName, 'resource name');
        if (!isQualifiedName(resourceName)) {
          throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
            message: `${resourceName} is not a Kubernetes resource name.`,
            received: resourceName,
            allowed: 'a qualified name such as cpu, memory or nvidia.com/gpu',
            fix: 'Use the resource name pods request.',
          }, this);
        }
        const amount = Quantity.parse(resources[resourceName], this, `amount of ${resourceName}`);
        if (amount.isNegative() || amount.isZero()) {
          throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
            message: `The pool must provide a positive amount of ${resourceName}.`,
            received: resources[resourceName],
            fix: `Set ${resourceName} to what the nodes provide at most, or leave it out.`,
          }, this);
        }
        return { resourceName, atMaxSize: amount };
      });
  }
}
