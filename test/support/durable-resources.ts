/**
 * Which Terraform resource types hold data or identity that a replacement would lose, in one place. Durable resources
 * are rendered with `lifecycle.prevent_destroy` (a plan that would destroy or replace them fails), unless the user opts
 * out on the resource's construct (`deletionProtection: false`). Every other type the library renders is listed as
 * replaceable, so that a new type cannot appear in the output without someone deciding which it is.
 *
 * The storage work extends DURABLE_RESOURCE_TYPES with its file systems and buckets (some are listed already).
 */
export const DURABLE_RESOURCE_TYPES: readonly string[] = [
  // Clusters: their etcd holds every workload's state; their names are reused by node pools and kubeconfigs.
  'aws_eks_cluster',
  'google_container_cluster',
  // Keys that encrypt secrets: destroying one makes what it encrypted unreadable.
  'aws_kms_key',
  'google_kms_crypto_key',
  // Cloud KMS never deletes a key ring; destroying it only forgets it, and its name cannot be created again.
  'google_kms_key_ring',
  // Storage tiers (issue 10): datasets and checkpoints.
  'aws_s3_bucket',
  'aws_efs_file_system',
  'aws_fsx_lustre_file_system',
  'google_storage_bucket',
  'google_filestore_instance',
];

/** Types a replacement costs nothing but time: nodes, their templates, roles and grants, add-ons, access entries. */
export const REPLACEABLE_RESOURCE_TYPES: readonly string[] = [
  'aws_autoscaling_group_tag',
  'aws_eks_access_entry',
  'aws_eks_addon',
  'aws_eks_node_group',
  'aws_iam_role',
  'aws_iam_role_policy_attachment',
  'aws_launch_template',
  'aws_placement_group',
  'aws_security_group',
  'google_container_node_pool',
  'google_kms_crypto_key_iam_member',
  'google_project_iam_member',
  'google_service_account',
];

/** `type.logicalId` of every resource of a durable type rendered without `lifecycle.prevent_destroy: true`. */
export function unprotectedDurableResources(tf: any): string[] {
  return Object.entries<Record<string, any>>(tf.resource ?? {})
    .filter(([type]) => DURABLE_RESOURCE_TYPES.includes(type))
    .flatMap(([type, byId]) => Object.entries(byId).filter(([, r]) => r.lifecycle?.prevent_destroy !== true).map(([id]) => `${type}.${id}`));
}

/** Resource types in the output that are neither durable nor replaceable: someone has to decide. */
export function unclassifiedResourceTypes(tf: any): string[] {
  return Object.keys(tf.resource ?? {}).filter((type) => !DURABLE_RESOURCE_TYPES.includes(type) && !REPLACEABLE_RESOURCE_TYPES.includes(type));
}
