import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { compareStrings } from '../../core/order';
import { SpotFleetModel } from '../../model/types';
import { ConfigMap, lazy } from './typed';

// The node-level half of a spot fleet's capacity ladder: the fleet's one flavor selects its spot nodes and its
// on-demand nodes alike, and the autoscaler prefers the spot pools, turning to the on-demand pool by itself when it
// cannot get spot nodes. Kueue v0.19 cannot move an admitted workload to another flavor when capacity does not come
// (see docs/adr/0012-spot-fallback.md), so the move happens below the flavor.

/** The ConfigMap the cluster autoscaler's priority expander reads (`--expander=priority`), in the autoscaler's namespace. */
export const AUTOSCALER_PRIORITY_CONFIG_MAP = 'cluster-autoscaler-priority-expander';
/** Annotation stating the `--max-node-provision-time` the fleets' fallback times assume. */
export const MAX_NODE_PROVISION_TIME_ANNOTATION = 'ml-platform-cdk.io/max-node-provision-time';

/** Priorities of the expander: spot node groups first, the on-demand fallback next, every other group last. */
export const SPOT_PRIORITY = 50;
export const ON_DEMAND_FALLBACK_PRIORITY = 10;
export const OTHER_PRIORITY = 1;

/** The Auto Scaling group names EKS gives a managed node group: `eks-<node group>-<uuid>`. */
export function managedNodeGroupAsgPattern(nodeGroup: string): string {
  return `^eks-${nodeGroup}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`;
}

/** The expander's `priorities` document (YAML: priority -> list of node group name patterns). */
export function autoscalerPriorities(fleets: SpotFleetModel[]): string {
  const spot = fleets.flatMap((f) => f.spotPools).sort(compareStrings);
  const onDemand = fleets.filter((f) => f.fallbackMaxNodes > 0 && f.onDemandPool).map((f) => f.onDemandPool!).sort(compareStrings);
  const group = (priority: number, patterns: string[]) => (patterns.length === 0 ? [] : [`${priority}:`, ...patterns.map((p) => `  - '${p}'`)]);
  return [
    ...group(SPOT_PRIORITY, spot.map(managedNodeGroupAsgPattern)),
    ...group(ON_DEMAND_FALLBACK_PRIORITY, onDemand.map(managedNodeGroupAsgPattern)),
    // Every other node group keeps scaling, below the fleets' own.
    ...group(OTHER_PRIORITY, ['.*']),
  ].join('\n') + '\n';
}

/**
 * The priority expander's ConfigMap for every fleet of the platform (read at synth). The cluster autoscaler must run
 * with `--expander=priority,least-waste`; it gives up on a node group whose nodes do not come within
 * `--max-node-provision-time` (stated in an annotation), or at once when EC2 reports no spot capacity.
 */
export function renderAutoscalerPriorities(
  scope: Construct, namespace: string, fleets: () => SpotFleetModel[], labels: Record<string, string>,
): ApiObject {
  return new ConfigMap(scope, 'AutoscalerPriorities', {
    metadata: {
      name: AUTOSCALER_PRIORITY_CONFIG_MAP,
      namespace,
      labels,
      annotations: { [MAX_NODE_PROVISION_TIME_ANNOTATION]: lazy(() => `${maxNodeProvisionMinutes(fleets())}m`) },
    },
    data: { priorities: lazy(() => autoscalerPriorities(fleets())) },
  });
}

/** The minutes the autoscaler must give a node group before it gives up, for the fleets' fallback times. */
export function maxNodeProvisionMinutes(fleets: SpotFleetModel[]): number {
  return Math.max(...fleets.map((f) => f.fallbackAfterMinutes));
}

/** GKE's ComputeClass API version. */
export const COMPUTE_CLASS_API_VERSION = 'cloud.google.com/v1';
/** The node label (and taint key) by which GKE ties manually created node pools to a ComputeClass. */
export const COMPUTE_CLASS_LABEL = 'cloud.google.com/compute-class';

/**
 * A GKE ComputeClass over the fleet's node pools: its spot pools first, its on-demand pool next. GKE creates nodes
 * of the first priority it can get and moves to the next when Compute Engine has no capacity; it never creates
 * nodes outside the listed pools (`whenUnsatisfiable: DoNotScaleUp`, no auto-created pools). Active migration back to
 * spot is off: moving a training job means restarting it from its checkpoint.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/about-custom-compute-classes
 */
export function renderComputeClass(scope: Construct, fleet: () => SpotFleetModel, name: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, 'ComputeClass', {
    apiVersion: COMPUTE_CLASS_API_VERSION,
    kind: 'ComputeClass',
    metadata: { name, labels },
    spec: lazy(() => {
      const f = fleet();
      return {
        priorities: [
          { nodepools: [...f.spotPools] },
          ...(f.onDemandPool ? [{ nodepools: [f.onDemandPool] }] : []),
        ],
        nodePoolAutoCreation: { enabled: false },
        whenUnsatisfiable: 'DoNotScaleUp',
        activeMigration: { optimizeRulePriority: false },
      };
    }),
  });
}
