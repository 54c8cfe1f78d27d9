import { InstanceOffering } from '../catalog/types';
import { Capacity } from '../core/capacity';
import { Taint } from '../core/taint';

/**
 * A GPU pool as the renderers see it: plain data, fully resolved (instance chosen, defaults
 * applied), so that every layer renders the same facts.
 */
export interface PoolModel {
  /** Pool name: node group / node pool name, ResourceFlavor name, value of the pool label. */
  readonly name: string;
  /** The offering every node is (the first of `instanceTypes`). */
  readonly offering: InstanceOffering;
  /** Instance (AWS) or machine (GCP) types, all with the same GPU shape. */
  readonly instanceTypes: string[];
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity: Capacity;
  /** Taints, Kubernetes spelling. */
  readonly taints: Taint[];
  /** Node labels, including the platform's pool/GPU/capacity labels. */
  readonly labels: Record<string, string>;
  readonly diskSizeGiB: number;
  /** Zones the pool's nodes may run in; empty = every zone of the cluster. */
  readonly zones: string[];
  /** Compact placement (AWS cluster placement group, GKE COMPACT policy). */
  readonly compactPlacement: boolean;
  /** Attach EFA interfaces (AWS; only with compact placement on EFA-capable types). */
  readonly efa: boolean;
}
