import { Catalog } from '../catalog/catalog';
import { InstanceOffering } from '../catalog/types';
import { CapacityType } from '../core/capacity';
import { CloudProvider } from '../core/cloud';
import { compareStrings } from '../core/order';
import { HOURS_PER_MONTH } from './options';

// The anchor we compare with: a node group or node pool priced from the synthesized Terraform JSON the way Infracost
// prices it (infracost/infracost internal/providers/terraform/{aws/eks_node_group.go, google/container_node_pool.go}),
// with the same catalog prices as the estimate, so that the two differ by method only.
//
// - aws_eks_node_group: `scaling_config.desired_size` nodes of the first instance type. With a launch template, the
//   purchase option is the template's `instance_market_options.market_type` (on-demand unless `spot`), and the
//   node group's `capacity_type` is not read; without one, `capacity_type`.
// - google_container_node_pool: nodes per zone (`initial_node_count`, else `node_count`, else
//   `autoscaling.min_node_count`) x zones (`node_locations`, else 1 for a zonal location, 3 for a regional one), of
//   `node_config.machine_type`; spot or preemptible nodes at the spot price.

/** One node group or node pool as the anchor prices it. */
export interface AnchorLine {
  /** The Terraform resource type. */
  readonly resourceType: string;
  /** The node group or node pool name (= the pool name). */
  readonly name: string;
  /** The instance or machine type priced. */
  readonly instanceType: string;
  /** Nodes priced. */
  readonly nodes: number;
  /** Purchase option priced. */
  readonly capacityType: CapacityType;
  /** USD per node-hour from the catalog; undefined when the catalog has none. */
  readonly usdPerHour?: number;
  /** Nodes x price x 730. */
  readonly monthlyUsd?: number;
  /** How the count and the purchase option were read. */
  readonly note: string;
}

/** A `${type.name.attribute}` reference's target resource, if the value is one. */
function referenced(tf: any, value: unknown): any | undefined {
  const m = typeof value === 'string' ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.[a-z0-9_]+\}$/.exec(value) : null;
  return m ? tf.resource?.[m[1]]?.[m[2]] : undefined;
}

/** A block cdktf writes as an object, Terraform's JSON as a one-element list. */
function block(value: any): any {
  return Array.isArray(value) ? value[0] : value;
}

function priced(catalog: Catalog, offering: InstanceOffering | undefined, region: string, type: CapacityType, nodes: number) {
  const quote = offering ? catalog.price(offering, region, type) : undefined;
  return quote ? { usdPerHour: quote.usdPerHour, monthlyUsd: nodes * quote.usdPerHour * HOURS_PER_MONTH } : {};
}

/** Prices the node groups and node pools of one synthesized Terraform stack (`cdk.tf.json`) the way Infracost does. */
export function infracostStyle(tf: any, catalog: Catalog): AnchorLine[] {
  const lines: AnchorLine[] = [];
  const awsRegion = block(tf.provider?.aws)?.region;
  for (const group of Object.values<any>(tf.resource?.aws_eks_node_group ?? {})) {
    const nodes = Number(block(group.scaling_config)?.desired_size ?? 0);
    const template = referenced(tf, block(group.launch_template)?.id) ?? referenced(tf, block(group.launch_template)?.name);
    const instanceType = String(template?.instance_type ?? group.instance_types?.[0] ?? 't3.medium');
    const spot = template
      ? String(block(template.instance_market_options)?.market_type ?? '').toLowerCase() === 'spot'
      : String(group.capacity_type ?? '').toUpperCase() === 'SPOT';
    const type = spot ? CapacityType.SPOT : CapacityType.ON_DEMAND;
    lines.push({
      resourceType: 'aws_eks_node_group',
      name: String(group.node_group_name),
      instanceType,
      nodes,
      capacityType: type,
      ...priced(catalog, catalog.findOfferings(CloudProvider.AWS, instanceType)[0], awsRegion, type, nodes),
      note: `desired_size ${nodes} x ${instanceType}, ${template ? `launch template market type ${spot ? 'spot' : 'not spot'}` : `capacity_type ${group.capacity_type}`}`,
    });
  }
  const gcpRegion = block(tf.provider?.google)?.region;
  for (const pool of Object.values<any>(tf.resource?.google_container_node_pool ?? {})) {
    const cluster = referenced(tf, pool.cluster);
    const location = String(referenced(tf, pool.location)?.location ?? pool.location ?? cluster?.location ?? gcpRegion);
    const isZone = /-[a-z]$/.test(location);
    const zones = Array.isArray(pool.node_locations) && pool.node_locations.length > 0 ? pool.node_locations.length : isZone ? 1 : 3;
    const autoscaling = block(pool.autoscaling);
    const perZone = Number(pool.initial_node_count ?? pool.node_count ?? autoscaling?.min_node_count ?? 3);
    const config = block(pool.node_config) ?? {};
    const machineType = String(config.machine_type ?? 'e2-medium');
    const accelerator = block(config.guest_accelerator)?.type;
    const spot = config.spot === true || config.preemptible === true;
    const type = spot ? CapacityType.SPOT : CapacityType.ON_DEMAND;
    const offering = catalog.findOfferings(CloudProvider.GCP, machineType).find((o) => accelerator === undefined || o.acceleratorType === accelerator);
    const nodes = perZone * zones;
    lines.push({
      resourceType: 'google_container_node_pool',
      name: String(pool.name),
      instanceType: machineType,
      nodes,
      capacityType: type,
      ...priced(catalog, offering, isZone ? location.replace(/-[a-z]$/, '') : location, type, nodes),
      note: `${perZone} per zone x ${zones} zones (${Array.isArray(pool.node_locations) && pool.node_locations.length > 0 ? 'node_locations' : isZone ? 'zonal location' : 'regional location: 3'}) x ${machineType}${spot ? ', spot' : ''}`,
    });
  }
  return lines.sort((a, b) => compareStrings(a.name, b.name));
}
