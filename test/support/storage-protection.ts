import * as fs from 'fs';
import * as path from 'path';

// Every durable storage resource (a file system or bucket holding datasets, checkpoints or home directories) is checked
// for three properties, each by a rule of its own per Terraform type: deletion protection, encryption at rest, and
// private access. A durable storage type without rules is itself a problem, so that a new storage service cannot be
// rendered without someone writing down how it is protected.

/** Durable types that hold no data of their own (clusters, keys): every other durable type is storage and needs rules. */
export const DURABLE_NON_STORAGE_TYPES: readonly string[] = ['aws_eks_cluster', 'google_container_cluster', 'aws_kms_key', 'google_kms_crypto_key', 'google_kms_key_ring'];

type Resources = Record<string, Record<string, any>>;

interface Rules {
  /** Problems with protection from deletion. */
  readonly deletion: (r: any, id: string, all: Resources) => string[];
  /** Problems with encryption at rest. */
  readonly encryption: (r: any, id: string, all: Resources) => string[];
  /** Problems with private access. */
  readonly privateAccess: (r: any, id: string, all: Resources) => string[];
}

/** The resources of a type whose `key` references `type.id` (e.g. the bucket policy of a bucket). */
function referencing(all: Resources, type: string, key: string, target: string): any[] {
  return Object.values(all[type] ?? {}).filter((r) => typeof r[key] === 'string' && r[key].includes(`\${${target}.`));
}

function parsePolicy(text: unknown): any[] {
  try {
    return JSON.parse(String(text)).Statement ?? [];
  } catch {
    return [];
  }
}

/** Whether a policy denies requests without TLS. */
function deniesInsecureTransport(policy: unknown): boolean {
  return parsePolicy(policy).some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
}

/** Problems with the security groups a file system sits behind: each admits only other security groups (no address ranges). */
function nodesOnly(all: Resources, groups: unknown): string[] {
  if (!Array.isArray(groups) || groups.length === 0) return ['no security group'];
  const problems: string[] = [];
  for (const ref of groups) {
    const id = /\$\{aws_security_group\.([^.]+)\.id\}/.exec(String(ref))?.[1];
    const group = id ? all.aws_security_group?.[id] : undefined;
    if (!group) {
      problems.push(`security group ${ref} is not one the platform renders`);
      continue;
    }
    const ranges = (group.ingress ?? []).some((i: any) => (i.cidr_blocks ?? []).length > 0 || (i.ipv6_cidr_blocks ?? []).length > 0);
    if (ranges) problems.push(`security group ${id} admits address ranges`);
    const rules = referencing(all, 'aws_vpc_security_group_ingress_rule', 'security_group_id', `aws_security_group.${id}`);
    if (rules.length === 0) problems.push(`security group ${id} has no ingress rule`);
    for (const rule of rules) {
      const ranges = rule.cidr_ipv4 !== undefined || rule.cidr_ipv6 !== undefined || rule.prefix_list_id !== undefined;
      if (ranges || rule.referenced_security_group_id === undefined) {
        problems.push(`security group ${id} admits something other than a security group`);
      }
    }
  }
  return problems;
}

const protectedFromDeletion = (r: any) => (r.lifecycle?.prevent_destroy === true ? [] : ['no lifecycle.prevent_destroy']);

/** How each durable storage type is protected. */
export const STORAGE_RULES: Record<string, Rules> = {
  aws_s3_bucket: {
    deletion: (r) => [...protectedFromDeletion(r), ...(r.force_destroy === true ? ['force_destroy'] : [])],
    encryption: (_r, id, all) => {
      const sse = referencing(all, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', `aws_s3_bucket.${id}`)
        .flatMap((c) => c.rule ?? []).map((rule: any) => rule.apply_server_side_encryption_by_default);
      return sse.some((d) => d?.sse_algorithm === 'aws:kms' && typeof d.kms_master_key_id === 'string' && d.kms_master_key_id !== '') ? [] : ['no SSE-KMS with a customer-managed key'];
    },
    privateAccess: (_r, id, all) => {
      const ref = `aws_s3_bucket.${id}`;
      const problems: string[] = [];
      const block = referencing(all, 'aws_s3_bucket_public_access_block', 'bucket', ref)[0];
      if (!block || !['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every((k) => block[k] === true)) problems.push('public access not blocked');
      if (referencing(all, 'aws_s3_bucket_ownership_controls', 'bucket', ref)[0]?.rule?.object_ownership !== 'BucketOwnerEnforced') problems.push('ACLs not disabled');
      if (!referencing(all, 'aws_s3_bucket_policy', 'bucket', ref).some((p) => deniesInsecureTransport(p.policy))) problems.push('non-TLS requests not denied');
      return problems;
    },
  },
  aws_efs_file_system: {
    deletion: protectedFromDeletion,
    encryption: (r) => (r.encrypted === true && typeof r.kms_key_id === 'string' ? [] : ['not encrypted with a customer-managed key']),
    privateAccess: (_r, id, all) => {
      const ref = `aws_efs_file_system.${id}`;
      const targets = referencing(all, 'aws_efs_mount_target', 'file_system_id', ref);
      const problems = targets.length === 0 ? ['no mount target'] : targets.flatMap((t) => nodesOnly(all, t.security_groups));
      if (!referencing(all, 'aws_efs_file_system_policy', 'file_system_id', ref).some((p) => deniesInsecureTransport(p.policy))) problems.push('clients without TLS not denied');
      return problems;
    },
  },
  aws_fsx_lustre_file_system: {
    deletion: (r) => [...protectedFromDeletion(r), ...(r.skip_final_backup === true ? ['no final backup'] : [])],
    encryption: (r) => (typeof r.kms_key_id === 'string' ? [] : ['no customer-managed key']),
    privateAccess: (r, _id, all) => nodesOnly(all, r.security_group_ids),
  },
  google_storage_bucket: {
    deletion: (r) => [...protectedFromDeletion(r), ...(r.force_destroy === true ? ['force_destroy'] : [])],
    encryption: (r) => (typeof r.encryption?.default_kms_key_name === 'string' ? [] : ['no customer-managed default key']),
    privateAccess: (r, _id, all) => {
      const problems: string[] = [];
      if (r.uniform_bucket_level_access !== true) problems.push('uniform bucket-level access off');
      if (r.public_access_prevention !== 'enforced') problems.push('public access prevention not enforced');
      const members = Object.values(all.google_storage_bucket_iam_member ?? {}).filter((m) => m.bucket === r.name);
      if (members.some((m) => /allUsers|allAuthenticatedUsers/.test(m.member))) problems.push('granted to the public');
      return problems;
    },
  },
  google_filestore_instance: {
    deletion: (r) => [...protectedFromDeletion(r), ...(r.deletion_protection_enabled === true ? [] : ['deletion protection off'])],
    encryption: (r) => (typeof r.kms_key_name === 'string' ? [] : ['no customer-managed key']),
    privateAccess: (r) => {
      const problems = (r.networks ?? []).length === 0 ? ['no VPC network'] : [];
      for (const option of r.file_shares?.nfs_export_options ?? [undefined]) {
        const ranges: string[] = option?.ip_ranges ?? [];
        if (ranges.length === 0 || ranges.some((x) => /\/0$/.test(x))) problems.push('NFS export not limited to the nodes\' addresses');
      }
      return problems;
    },
  },
  google_lustre_instance: {
    deletion: protectedFromDeletion,
    // google_lustre_instance takes no customer-managed key at the pinned provider: Google-managed encryption is all there
    // is. The rule fails as soon as the provider offers a key field, so that the tier starts using it.
    encryption: () => (lustreSchemaHasKeyField() ? ['the provider now takes a key: encrypt with a customer-managed one'] : []),
    privateAccess: (r) => (typeof r.network === 'string' && /^projects\/[^/]+\/global\/networks\/[^/]+$/.test(r.network) ? [] : ['not on the cluster\'s VPC network']),
  },
};

function lustreSchemaHasKeyField(): boolean {
  const file = path.join(__dirname, '..', '..', 'node_modules', '@cdktf', 'provider-google', 'lib', 'lustre-instance', 'index.d.ts');
  return /readonly kms\w*\??:/i.test(fs.readFileSync(file, 'utf-8'));
}

/**
 * `type.id: problem` for every durable storage resource that lacks deletion protection, encryption or private access,
 * and for every durable storage type without rules.
 */
export function storageProtectionProblems(tf: any, durableTypes: readonly string[]): string[] {
  const all: Resources = tf.resource ?? {};
  const problems: string[] = [];
  for (const [type, byId] of Object.entries(all)) {
    if (!durableTypes.includes(type) || DURABLE_NON_STORAGE_TYPES.includes(type)) continue;
    const rules = STORAGE_RULES[type];
    for (const [id, r] of Object.entries(byId)) {
      if (!rules) {
        problems.push(`${type}.${id}: no protection rules for this storage type`);
        continue;
      }
      for (const [aspect, rule] of Object.entries(rules) as Array<[string, (r: any, id: string, all: Resources) => string[]]>) {
        problems.push(...rule(r, id, all).map((p) => `${type}.${id}: ${aspect}: ${p}`));
      }
    }
  }
  return problems;
}
