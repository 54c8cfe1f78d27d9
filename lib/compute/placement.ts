import { IConstruct } from 'constructs';
import { InstanceOffering } from '../catalog/types';
import { CloudProvider } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import type { MlPlatform } from '../platform';
import { GKE_LIMITS } from '../render/gcp/spelling';
import { EksCluster } from './eks-cluster';
import type { GpuNodePoolProps } from './gpu-node-pool';

/** How a pool's nodes are placed relative to each other. */
export enum Placement {
  /** Wherever capacity is (the default). */
  SPREAD = 'spread',
  /**
   * Close together for fast node-to-node traffic: an AWS cluster placement group (with EFA
   * interfaces where the instance type has them) or a GKE COMPACT placement policy. One zone only.
   */
  COMPACT = 'compact',
}

export interface ResolvedPlacement {
  readonly placement: Placement;
  readonly zones: string[];
  readonly efa: boolean;
}


/** Zones, placement and EFA for a pool, with the clouds' rules applied. */
export function resolvePlacement(
  scope: IConstruct, platform: MlPlatform, offering: InstanceOffering, maxNodes: number, props: GpuNodePoolProps,
): ResolvedPlacement {
  const placement = props.placement ?? Placement.SPREAD;
  const compact = placement === Placement.COMPACT;
  const zones = [...(props.zones ?? [])];
  const cloud = platform.cloud;
  const eks = platform.cluster instanceof EksCluster ? platform.cluster : undefined;

  for (const zone of zones) {
    const known = eks ? eks.zones.includes(zone) : zone.startsWith(`${cloud.region}-`);
    if (!known) {
      throw new ValidationError(ErrorCode.POOL_ZONE_UNKNOWN, {
        message: eks ? 'The zone has no node subnet in the cluster.' : `The zone is not in region ${cloud.region}.`,
        received: zone,
        allowed: eks ? eks.zones.join(', ') : `zones of ${cloud.region}, e.g. ${cloud.region}-a`,
        fix: eks ? 'Pick a zone the cluster has subnets in, or add a subnet there.' : 'Pick a zone of the platform region.',
      }, scope);
    }
  }

  if (compact) {
    if (zones.length === 0 && eks) zones.push(eks.zones[0]);
    if (zones.length !== 1) {
      throw new ValidationError(ErrorCode.COMPACT_PLACEMENT_ZONES, {
        message: 'Compact placement keeps nodes in one zone, so the pool must name exactly one zone.',
        received: zones,
        fix: `Set zones to one zone, e.g. ["${zones[0] ?? `${cloud.region}-a`}"].`,
      }, scope);
    }
    if (cloud.provider === CloudProvider.GCP && maxNodes > GKE_LIMITS.maxCompactNodes) {
      throw new ValidationError(ErrorCode.COMPACT_PLACEMENT_LIMIT, {
        message: `A GKE compact placement policy holds at most ${GKE_LIMITS.maxCompactNodes} nodes.`,
        received: maxNodes,
        fix: `Lower maxNodes to ${GKE_LIMITS.maxCompactNodes} or split the pool.`,
      }, scope);
    }
  }

  const efaCapable = cloud.provider === CloudProvider.AWS && offering.efaInterfaces > 0;
  if (props.efa && (!compact || !efaCapable)) {
    throw new ValidationError(ErrorCode.EFA_UNSUPPORTED, {
      message: !efaCapable ? `${offering.name} on ${cloud.provider} has no EFA network cards.` : 'EFA interfaces are attached only to pools with COMPACT placement.',
      received: { efa: true, instanceType: offering.name, placement },
      fix: !efaCapable ? 'Pick an EFA-capable type (requirements: { efa: true }) or drop `efa`.' : 'Set placement: Placement.COMPACT, or drop `efa`.',
    }, scope);
  }
  const efa = compact && efaCapable && props.efa !== false;
  if (efa && eks && !eks.createProps && (!eks.vpcId || !eks.clusterSecurityGroupId)) {
    throw new ValidationError(ErrorCode.EFA_NEEDS_NETWORK, {
      message: 'EFA interfaces need the VPC (for their security group) and the cluster security group.',
      received: { vpcId: eks.vpcId, clusterSecurityGroupId: eks.clusterSecurityGroupId },
      fix: 'Pass vpcId and clusterSecurityGroupId to EksCluster.fromAttributes, or set efa: false.',
    }, scope);
  }
  return { placement, zones, efa };
}
