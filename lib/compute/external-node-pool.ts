import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertLabels, assertTaints, isQualifiedName } from '../core/kube-syntax';
import { ResourceNames } from '../core/labels';
import { assertConstructIdFree, Names } from '../core/names';
import { compareStrings } from '../core/order';
import { Quantity } from '../core/quantity';
import { Taint } from '../core/taint';
import { MlPlatform, platformOfScope } from '../platform';
import { ICapacityPool, markCapacityPool, PoolResourceCapacity } from './capacity-pool';

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

/** Kueue's limit on a ResourceFlavor's `nodeLabels` and `tolerations`. */
const FLAVOR_MAX_ENTRIES = 8;

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

  constructor(scope: MlPlatform, id: string, props: ExternalNodePoolProps) {
    assertConstructIdFree(scope, id, 'external node pool');
    super(scope, id);
    markCapacityPool(this);
    const platform = platformOfScope(scope, this, 'ExternalNodePool');
    this.poolName = props.name ?? id;
    Names.assertDns1123Label(this, 'pool name', this.poolName);
    this.nodeLabels = { ...props.nodeLabels };
    if (props.taints !== undefined && !Array.isArray(props.taints)) {
      throw new ValidationError(ErrorCode.TAINT_INVALID, {
        message: '`taints` must be a list of taints.',
        received: props.taints,
        fix: 'Pass an array, e.g. [Taint.noSchedule("dedicated", "cpu")].',
      }, this);
    }
    this.taints = [...(props.taints ?? [])];
    this.assertSelection();
    this.capacity = this.parseResources(props.resources);
    platform._registerCapacityPool(this);
    this.resourceFlavor = platform._renderPoolFlavor(this, this.nodeLabels, {});
  }

  /** Name of the pool's Kueue ResourceFlavor. */
  public get flavorName(): string {
    return this.poolName;
  }

  /** What the pool offers team quotas, as declared in `resources`. */
  public capacityAtMaxSize(): PoolResourceCapacity[] {
    return [...this.capacity];
  }

  private assertSelection(): void {
    const count = Object.keys(this.nodeLabels).length;
    if (count === 0 || count > FLAVOR_MAX_ENTRIES) {
      throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
        message: count === 0
          ? 'An external pool needs node labels that select its nodes; without them its flavor would place pods on any node, GPU nodes included.'
          : `A Kueue ResourceFlavor takes at most ${FLAVOR_MAX_ENTRIES} node labels.`,
        received: this.nodeLabels,
        allowed: `1 to ${FLAVOR_MAX_ENTRIES} labels`,
        fix: 'Select the nodes by a label they all carry, e.g. { "eks.amazonaws.com/nodegroup": "general" }.',
      }, this);
    }
    assertLabels(this, this.nodeLabels, 'node selector label');
    assertTaints(this, this.taints);
    if (this.taints.length > FLAVOR_MAX_ENTRIES) {
      throw new ValidationError(ErrorCode.FLAVOR_TOLERATION_LIMIT, {
        message: `A Kueue ResourceFlavor takes at most ${FLAVOR_MAX_ENTRIES} tolerations, one per taint.`,
        received: this.taints.length,
        fix: `Keep the pool's taints to ${FLAVOR_MAX_ENTRIES} or fewer.`,
      }, this);
    }
  }

  private parseResources(resources: { [resourceName: string]: string }): PoolResourceCapacity[] {
    const names = Object.keys(resources ?? {});
    if (names.length === 0) {
      throw new ValidationError(ErrorCode.EXTERNAL_POOL_INVALID, {
        message: 'An external pool must say what its nodes provide, so that quotas can be checked against it.',
        received: resources,
        fix: 'Set `resources`, e.g. { cpu: "256", memory: "1Ti" }.',
      }, this);
    }
    const first = [ResourceNames.CPU, ResourceNames.MEMORY];
    const order = (n: string) => (first.includes(n) ? first.indexOf(n) : first.length);
    return names
      .sort((a, b) => order(a) - order(b) || compareStrings(a, b))
      .map((resourceName) => {
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
