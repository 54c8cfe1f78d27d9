// Storage limits the services enforce at apply time, written down here from their documentation independently of
// lib/catalog/storage-limits.ts, so that a wrong limit in the library cannot make its own check pass:
// ../shared/reference/cloud-apis.md §1.4, §2.3, §2.4; FSx API CreateFileSystem (StorageCapacity, PerUnitStorageThroughput);
// EFS API LifecyclePolicy; S3 API Transition and bucket naming rules; GCS bucket naming and lifecycle; Filestore
// service tiers; google_lustre_instance schema (Google provider 6.50.0).

function each(tf: any, type: string): [string, any][] {
  return Object.entries(tf.resource?.[type] ?? {});
}

const S3_CLASSES = ['STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];
const GCS_CLASSES = ['STANDARD', 'MULTI_REGIONAL', 'REGIONAL', 'NEARLINE', 'COLDLINE', 'ARCHIVE'];
const EFS_AFTER = ['AFTER_1_DAY', 'AFTER_7_DAYS', 'AFTER_14_DAYS', 'AFTER_30_DAYS', 'AFTER_60_DAYS', 'AFTER_90_DAYS', 'AFTER_180_DAYS', 'AFTER_270_DAYS', 'AFTER_365_DAYS'];

function bucketName(where: string, name: unknown, cloud: 'aws' | 'gcp'): string[] {
  if (typeof name !== 'string') return [`${where}: bucket name ${name}`];
  const bad = name.length < 3 || name.length > 63 || !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) || /\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name)
    || (cloud === 'aws' && (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name)))
    || (cloud === 'gcp' && (/^goog/.test(name) || /google|g00gle/.test(name)));
  return bad ? [`${where}: bucket name ${name}`] : [];
}

/** Problems the storage services would report for the synthesized Terraform JSON; empty when they would accept it. */
export function storageCloudProblems(tf: any): string[] {
  const problems: string[] = [];
  for (const [id, fs] of each(tf, 'aws_fsx_lustre_file_system')) {
    const where = `aws_fsx_lustre_file_system.${id}`;
    if (fs.deployment_type !== 'PERSISTENT_2' || fs.storage_type !== 'SSD') problems.push(`${where}: deployment ${fs.deployment_type}/${fs.storage_type}`);
    const c = fs.storage_capacity;
    if (!(c === 1200 || (Number.isInteger(c) && c > 0 && c % 2400 === 0))) problems.push(`${where}: storage_capacity ${c}`);
    if (![125, 250, 500, 1000].includes(fs.per_unit_storage_throughput)) problems.push(`${where}: per_unit_storage_throughput ${fs.per_unit_storage_throughput}`);
    if (!Array.isArray(fs.subnet_ids) || fs.subnet_ids.length !== 1) problems.push(`${where}: a PERSISTENT file system takes one subnet`);
  }
  for (const [id, dra] of each(tf, 'aws_fsx_data_repository_association')) {
    const where = `aws_fsx_data_repository_association.${id}`;
    if (typeof dra.file_system_path !== 'string' || !dra.file_system_path.startsWith('/')) problems.push(`${where}: file_system_path ${dra.file_system_path}`);
    if (typeof dra.data_repository_path !== 'string' || !dra.data_repository_path.startsWith('s3://')) problems.push(`${where}: data_repository_path ${dra.data_repository_path}`);
    for (const policy of [dra.s3?.auto_import_policy, dra.s3?.auto_export_policy]) {
      for (const e of policy?.events ?? []) if (!['NEW', 'CHANGED', 'DELETED'].includes(e)) problems.push(`${where}: event ${e}`);
    }
  }
  for (const [id, efs] of each(tf, 'aws_efs_file_system')) {
    const where = `aws_efs_file_system.${id}`;
    for (const p of efs.lifecycle_policy ?? []) {
      const keys = Object.keys(p).filter((k) => p[k] !== undefined);
      if (keys.length !== 1) problems.push(`${where}: a lifecycle_policy block holds exactly one transition, not ${keys.join(', ')}`);
      if (p.transition_to_ia !== undefined && !EFS_AFTER.includes(p.transition_to_ia)) problems.push(`${where}: transition_to_ia ${p.transition_to_ia}`);
      if (p.transition_to_primary_storage_class !== undefined && p.transition_to_primary_storage_class !== 'AFTER_1_ACCESS') problems.push(`${where}: back to primary`);
    }
    if (!['bursting', 'provisioned', 'elastic'].includes(efs.throughput_mode)) problems.push(`${where}: throughput_mode ${efs.throughput_mode}`);
    if (!['generalPurpose', 'maxIO'].includes(efs.performance_mode)) problems.push(`${where}: performance_mode ${efs.performance_mode}`);
  }
  for (const [id, b] of each(tf, 'aws_s3_bucket')) problems.push(...bucketName(`aws_s3_bucket.${id}`, b.bucket, 'aws'));
  for (const [id, lc] of each(tf, 'aws_s3_bucket_lifecycle_configuration')) {
    const where = `aws_s3_bucket_lifecycle_configuration.${id}`;
    const ids = (lc.rule ?? []).map((r: any) => r.id);
    if (new Set(ids).size !== ids.length) problems.push(`${where}: rule ids repeat`);
    for (const rule of lc.rule ?? []) {
      if (!['Enabled', 'Disabled'].includes(rule.status)) problems.push(`${where}: status ${rule.status}`);
      let previous: any;
      for (const t of rule.transition ?? []) {
        if (!S3_CLASSES.includes(t.storage_class)) problems.push(`${where}: storage class ${t.storage_class}`);
        if (['STANDARD_IA', 'ONEZONE_IA'].includes(t.storage_class) && t.days < 30) problems.push(`${where}: ${t.storage_class} after ${t.days} days`);
        if (previous && (t.days <= previous.days || (previous.storage_class === 'STANDARD_IA' && t.days - previous.days < 30))) problems.push(`${where}: transitions too close`);
        previous = t;
      }
      const expiry = rule.expiration?.[0]?.days;
      if (expiry !== undefined && previous && expiry <= previous.days) problems.push(`${where}: expiry before the last transition`);
    }
  }
  for (const [id, b] of each(tf, 'google_storage_bucket')) {
    const where = `google_storage_bucket.${id}`;
    problems.push(...bucketName(where, b.name, 'gcp'));
    if (b.storage_class !== undefined && !GCS_CLASSES.includes(b.storage_class)) problems.push(`${where}: storage_class ${b.storage_class}`);
    const setsClass = (b.lifecycle_rule ?? []).some((r: any) => r.action?.type === 'SetStorageClass');
    if (b.autoclass?.enabled === true && setsClass) problems.push(`${where}: Autoclass with SetStorageClass rules`);
    for (const r of b.lifecycle_rule ?? []) {
      if (!['Delete', 'SetStorageClass', 'AbortIncompleteMultipartUpload'].includes(r.action?.type)) problems.push(`${where}: action ${r.action?.type}`);
      if (r.action?.type === 'SetStorageClass' && !GCS_CLASSES.includes(r.action.storage_class)) problems.push(`${where}: target class ${r.action.storage_class}`);
      if (r.condition?.with_state !== undefined && !['LIVE', 'ARCHIVED', 'ANY'].includes(r.condition.with_state)) problems.push(`${where}: with_state ${r.condition.with_state}`);
    }
  }
  for (const [id, f] of each(tf, 'google_filestore_instance')) {
    const where = `google_filestore_instance.${id}`;
    const gib = f.file_shares?.capacity_gb;
    const bands: Record<string, Array<[number, number, number]>> = {
      BASIC_HDD: [[1024, 65433, 1]], BASIC_SSD: [[2560, 65433, 1]], ZONAL: [[1024, 9984, 256], [10240, 102400, 2560]],
    };
    const tierBands = bands[f.tier];
    if (!tierBands) problems.push(`${where}: tier ${f.tier}`);
    else if (!tierBands.some(([min, max, step]) => gib >= min && gib <= max && (gib - min) % step === 0)) problems.push(`${where}: ${f.tier} capacity ${gib}`);
    if (typeof f.name !== 'string' || !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(f.name)) problems.push(`${where}: name ${f.name}`);
    if (typeof f.file_shares?.name !== 'string' || !/^[a-z][a-z0-9_]{0,15}$/.test(f.file_shares.name)) problems.push(`${where}: share name ${f.file_shares?.name}`);
    if (f.protocol !== undefined && !['NFS_V3', 'NFS_V4_1'].includes(f.protocol)) problems.push(`${where}: protocol ${f.protocol}`);
    if (typeof f.location !== 'string' || !/-[a-z]$/.test(f.location)) problems.push(`${where}: a basic or zonal instance lives in a zone, not ${f.location}`);
  }
  for (const [id, l] of each(tf, 'google_lustre_instance')) {
    const where = `google_lustre_instance.${id}`;
    const gib = Number(l.capacity_gib);
    if (typeof l.capacity_gib !== 'string' || !(gib >= 18000 && gib <= 954000 && gib % 9000 === 0)) problems.push(`${where}: capacity_gib ${l.capacity_gib}`);
    if (!['125', '250', '500', '1000'].includes(l.per_unit_storage_throughput)) problems.push(`${where}: throughput ${l.per_unit_storage_throughput}`);
    if (typeof l.filesystem !== 'string' || !/^[A-Za-z0-9]{1,8}$/.test(l.filesystem)) problems.push(`${where}: filesystem ${l.filesystem}`);
    if (typeof l.instance_id !== 'string' || !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(l.instance_id)) problems.push(`${where}: instance_id ${l.instance_id}`);
  }
  for (const [id, sg] of each(tf, 'aws_security_group')) {
    if (typeof sg.name === 'string' && sg.name.length > 255) problems.push(`aws_security_group.${id}: name ${sg.name}`);
  }
  return problems;
}
