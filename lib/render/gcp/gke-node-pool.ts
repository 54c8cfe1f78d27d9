import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { Construct } from 'constructs';
import { CapacityType } from '../../core/capacity';
import { PoolModel } from '../../model/types';
import { CLOUD_TAINT_EFFECT } from '../spelling';
import { GcpClusterRefs } from './gke-cluster';
import { GKE_RESERVATION_KEY } from './spelling';

/**
 * A GKE node pool with its accelerators: autoscaling on total node counts, Spot or a named
 * reservation, workload identity metadata, shielded nodes, compact placement when asked.
 */
export function renderGkeNodePool(scope: Construct, pool: PoolModel, cluster: GcpClusterRefs, resourceLabels: Record<string, string>): ContainerNodePool {
  const spot = pool.capacity.type === CapacityType.SPOT;
  const zones = pool.zones.length;
  return new ContainerNodePool(scope, 'NodePool', {
    name: pool.name,
    cluster: cluster.cluster,
    location: cluster.location,
    project: cluster.project,
    nodeLocations: zones > 0 ? pool.zones : undefined,
    // Per zone; the autoscaler then keeps the pool within the total bounds below.
    initialNodeCount: zones > 0 ? Math.ceil(pool.minNodes / zones) : Math.min(pool.minNodes, 1),
    autoscaling: {
      totalMinNodeCount: pool.minNodes,
      totalMaxNodeCount: pool.maxNodes,
      // ANY lets the autoscaler go where Spot capacity is; BALANCED spreads on-demand nodes.
      locationPolicy: spot ? 'ANY' : 'BALANCED',
    },
    management: { autoRepair: true, autoUpgrade: true },
    // Replace one node at a time, without asking for an extra (scarce) GPU node.
    upgradeSettings: { strategy: 'SURGE', maxSurge: 0, maxUnavailable: 1 },
    placementPolicy: pool.compactPlacement ? { type: 'COMPACT' } : undefined,
    nodeConfig: {
      machineType: pool.instanceTypes[0],
      spot: spot ? true : undefined,
      guestAccelerator: pool.offering.gpuCount === 0 ? undefined : [{
        type: pool.offering.acceleratorType!,
        count: pool.offering.gpuCount,
        gpuDriverInstallationConfig: { gpuDriverVersion: 'LATEST' },
        gpuPartitionSize: pool.partitioning.gkePartitionSize,
        gpuSharingConfig: pool.partitioning.gkeSharing
          ? { gpuSharingStrategy: pool.partitioning.gkeSharing.strategy, maxSharedClientsPerGpu: pool.partitioning.gkeSharing.maxSharedClientsPerGpu }
          : undefined,
      }],
      labels: pool.labels,
      taint: pool.taints.map((t) => ({ key: t.key, value: t.value!, effect: CLOUD_TAINT_EFFECT[t.effect] })),
      diskSizeGb: pool.diskSizeGiB,
      diskType: 'pd-balanced',
      imageType: 'COS_CONTAINERD',
      serviceAccount: cluster.nodeServiceAccount,
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      gvnic: { enabled: true },
      // GCP labels on the nodes' VMs and disks: the bill attributes them (the team's value is read at synth).
      resourceLabels: { ...resourceLabels },
      reservationAffinity: pool.capacity.type === CapacityType.RESERVED
        ? { consumeReservationType: 'SPECIFIC_RESERVATION', key: GKE_RESERVATION_KEY, values: [pool.capacity.reservationId!] }
        : spot ? { consumeReservationType: 'NO_RESERVATION' } : undefined,
    },
    dependsOn: cluster.dependsOn.length > 0 ? cluster.dependsOn : undefined,
    // initial_node_count forces replacement; after creation the autoscaler owns the size.
    lifecycle: { ignoreChanges: ['initial_node_count'] },
  });
}
