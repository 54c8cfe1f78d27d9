/**
 * Which Terraform resource types hold data or identity that a replacement would lose, in one place. Durable resources
 * are rendered with `lifecycle.prevent_destroy` (a plan that would destroy or replace them fails), unless the user opts
 * out on the resource's construct (`deletionProtection: false`). Every other type the library renders is listed as
 * replaceable, so that a new type cannot appear in the output without someone deciding which it is.
 *
 * Storage tiers' file systems and buckets are durable; storage-protection.ts checks each also for encryption and private
 * access.
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
  // Storage tiers (issue 12): datasets, checkpoints, home directories.
  'aws_s3_bucket',
  'aws_efs_file_system',
  'aws_fsx_lustre_file_system',
  'google_storage_bucket',
  'google_filestore_instance',
  'google_lustre_instance',
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
  // A storage tier's settings, access rules and links: re-created from the declaration without losing data (removing a
  // data repository association keeps the file system's data: delete_data_in_filesystem is false).
  'aws_efs_backup_policy',
  'aws_efs_file_system_policy',
  'aws_efs_mount_target',
  'aws_fsx_data_repository_association',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
  'google_storage_bucket_iam_member',
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
