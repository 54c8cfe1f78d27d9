import { storageCloudProblems } from './storage-cloud-rules';

// Rules the clouds enforce only at plan or apply time (reference/cloud-apis.md, the providers' schemas and the
// services' API limits), checked on synthesized Terraform JSON: what the library emits must never be refused.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GCP_LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const GCP_LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
const AWS_TAG = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function each(tf: any, type: string): [string, any][] {
  return Object.entries(tf.resource?.[type] ?? {});
}

function awsTags(where: string, tags: unknown): string[] {
  if (tags === undefined) return [];
  if (tags === null || typeof tags !== 'object') return [`${where}: tags must be a map`];
  const problems: string[] = [];
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > 50) problems.push(`${where}: ${entries.length} tags (AWS allows 50)`);
  for (const [k, v] of entries) {
    // Terraform evaluates property names of JSON map expressions as templates: an interpolated key is a name at apply.
    const literal = !k.includes('${');
    if (k.length < 1 || (literal && (k.length > 128 || /^aws:/i.test(k) || !AWS_TAG.test(k)))) problems.push(`${where}: tag key ${JSON.stringify(k)}`);
    if (typeof v !== 'string') {
      // Terraform interpolations are strings too; anything else is refused.
      problems.push(`${where}: tag ${k} value ${JSON.stringify(v)} is not a string`);
    } else if (!v.startsWith('${') && (v.length > 256 || !AWS_TAG.test(v))) {
      problems.push(`${where}: tag ${k} value ${JSON.stringify(v)}`);
    }
  }
  return problems;
}

function gcpLabels(where: string, labels: unknown): string[] {
  if (labels === undefined) return [];
  if (labels === null || typeof labels !== 'object') return [`${where}: labels must be a map`];
  const entries = Object.entries(labels as Record<string, unknown>);
  const problems = entries.length > 64 ? [`${where}: ${entries.length} labels (GCP allows 64)`] : [];
  for (const [k, v] of entries) {
    if (!GCP_LABEL_KEY.test(k) || typeof v !== 'string' || !GCP_LABEL_VALUE.test(v)) problems.push(`${where}: label ${JSON.stringify(k)}=${JSON.stringify(v)}`);
  }
  return problems;
}

/** Problems the clouds would report for the synthesized Terraform JSON; empty when they would accept it. */
export function cloudProblems(tf: any): string[] {
  const problems: string[] = [];
  for (const p of tf.provider?.aws ?? []) {
    for (const block of p.default_tags ?? []) problems.push(...awsTags('provider aws default_tags', block.tags));
  }
  for (const p of tf.provider?.google ?? []) problems.push(...gcpLabels('provider google default_labels', p.default_labels));

  for (const [id, ng] of each(tf, 'aws_eks_node_group')) {
    const where = `aws_eks_node_group.${id}`;
    if (typeof ng.node_group_name !== 'string' || ng.node_group_name.length > 63 || !DNS_LABEL.test(ng.node_group_name)) problems.push(`${where}: name ${ng.node_group_name}`);
    const s = ng.scaling_config ?? {};
    const sized = Number.isInteger(s.min_size) && Number.isInteger(s.max_size);
    if (!(sized && s.min_size >= 0 && s.max_size >= 1 && s.min_size <= s.max_size && s.max_size <= 450)) {
      problems.push(`${where}: scaling ${JSON.stringify(s)}`);
    }
    if (!['ON_DEMAND', 'SPOT'].includes(ng.capacity_type)) problems.push(`${where}: capacity_type ${ng.capacity_type}`);
    if (!Array.isArray(ng.instance_types) || ng.instance_types.length < 1 || ng.instance_types.length > 20) problems.push(`${where}: instance_types`);
    if ((ng.taint ?? []).length > 50) problems.push(`${where}: more than 50 taints`);
    for (const t of ng.taint ?? []) {
      const badValue = t.value !== undefined && (typeof t.value !== 'string' || t.value.length > 63);
      if (typeof t.key !== 'string' || t.key.length < 1 || t.key.length > 63 || badValue) problems.push(`${where}: taint ${JSON.stringify(t)}`);
      if (!['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'].includes(t.effect)) problems.push(`${where}: taint effect ${t.effect}`);
    }
    for (const [k, v] of Object.entries(ng.labels ?? {})) {
      if (k.length < 1 || k.length > 63 || typeof v !== 'string' || v.length > 63) problems.push(`${where}: label ${k}=${JSON.stringify(v)}`);
    }
    problems.push(...awsTags(where, ng.tags));
  }
  for (const [id, lt] of each(tf, 'aws_launch_template')) {
    if (typeof lt.name !== 'string' || lt.name.length > 128) problems.push(`aws_launch_template.${id}: name ${lt.name}`);
    if (lt.metadata_options?.http_tokens !== 'required') problems.push(`aws_launch_template.${id}: IMDSv2 not required`);
  }
  for (const [id, role] of each(tf, 'aws_iam_role')) {
    if (typeof role.name !== 'string' || role.name.length > 64) problems.push(`aws_iam_role.${id}: name ${role.name}`);
  }
  for (const [id, pg] of each(tf, 'aws_placement_group')) {
    if (typeof pg.name !== 'string' || pg.name.length > 255) problems.push(`aws_placement_group.${id}: name ${pg.name}`);
  }
  for (const [id, c] of each(tf, 'aws_eks_cluster')) {
    if (typeof c.name !== 'string' || !/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(c.name)) problems.push(`aws_eks_cluster.${id}: name ${c.name}`);
  }

  // AWS Budgets API (Budget, Notification, Subscriber): a positive limit, at most 10 notifications, each with at least one
  // subscriber, at most 10 e-mails and 1 SNS topic; names of at most 100 characters without ':' or '\\'.
  for (const [id, b] of each(tf, 'aws_budgets_budget')) {
    const where = `aws_budgets_budget.${id}`;
    if (typeof b.name !== 'string' || b.name.length > 100 || /[:\\]/.test(b.name)) problems.push(`${where}: name ${b.name}`);
    if (typeof b.limit_amount !== 'string' || !/^\d+(\.\d{1,2})?$/.test(b.limit_amount) || Number(b.limit_amount) <= 0) problems.push(`${where}: limit ${b.limit_amount}`);
    if (!['COST', 'USAGE'].includes(b.budget_type) || !['MONTHLY', 'QUARTERLY', 'ANNUALLY', 'DAILY'].includes(b.time_unit)) problems.push(`${where}: type or time unit`);
    const notifications = b.notification ?? [];
    if (notifications.length > 10) problems.push(`${where}: ${notifications.length} notifications (AWS allows 10)`);
    for (const n of notifications) {
      const emails = n.subscriber_email_addresses ?? [];
      const topics = n.subscriber_sns_topic_arns ?? [];
      if (emails.length + topics.length < 1 || emails.length > 10 || topics.length > 1) problems.push(`${where}: subscribers ${JSON.stringify(n)}`);
      if (!['ACTUAL', 'FORECASTED'].includes(n.notification_type) || !['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO'].includes(n.comparison_operator)
        || typeof n.threshold !== 'number' || n.threshold < 0) problems.push(`${where}: notification ${JSON.stringify(n)}`);
    }
  }
  for (const [id, a] of each(tf, 'aws_budgets_budget_action')) {
    const where = `aws_budgets_budget_action.${id}`;
    const subscribers = a.subscriber ?? [];
    if (subscribers.length < 1 || subscribers.length > 11) problems.push(`${where}: ${subscribers.length} subscribers (1-11)`);
    if (!['APPLY_IAM_POLICY', 'APPLY_SCP_POLICY', 'RUN_SSM_DOCUMENTS'].includes(a.action_type) || !['AUTOMATIC', 'MANUAL'].includes(a.approval_model)) problems.push(`${where}: type`);
  }
  // Google budgets: display names of at most 60 characters, whole units and nanos, at most 5 Monitoring channels.
  for (const [id, b] of each(tf, 'google_billing_budget')) {
    const where = `google_billing_budget.${id}`;
    if (typeof b.display_name !== 'string' || b.display_name.length > 60) problems.push(`${where}: display name ${b.display_name}`);
    const amount = b.amount?.specified_amount ?? {};
    if (!/^\d+$/.test(amount.units ?? '') || !(Number.isInteger(amount.nanos ?? 0) && (amount.nanos ?? 0) >= 0 && (amount.nanos ?? 0) < 1e9)) problems.push(`${where}: amount`);
    if ((b.all_updates_rule?.monitoring_notification_channels ?? []).length > 5) problems.push(`${where}: more than 5 channels`);
    for (const r of b.threshold_rules ?? []) if (typeof r.threshold_percent !== 'number' || r.threshold_percent < 0) problems.push(`${where}: threshold ${JSON.stringify(r)}`);
    problems.push(...gcpLabels(`${where} budget_filter`, b.budget_filter?.labels));
  }

  for (const [id, np] of each(tf, 'google_container_node_pool')) {
    const where = `google_container_node_pool.${id}`;
    if (typeof np.name !== 'string' || np.name.length > 40 || !/^[a-z]/.test(np.name) || !DNS_LABEL.test(np.name)) problems.push(`${where}: name ${np.name}`);
    const a = np.autoscaling ?? {};
    if (!(Number.isInteger(a.total_min_node_count) && Number.isInteger(a.total_max_node_count) && a.total_min_node_count <= a.total_max_node_count
      && a.total_max_node_count <= 15000)) problems.push(`${where}: autoscaling ${JSON.stringify(a)}`);
    for (const t of np.node_config?.taint ?? []) {
      if (typeof t.value !== 'string' || t.value === '') problems.push(`${where}: taint without value ${JSON.stringify(t)}`);
    }
    problems.push(...gcpLabels(`${where} resource_labels`, np.node_config?.resource_labels));
  }
  for (const [id, c] of each(tf, 'google_container_cluster')) {
    const where = `google_container_cluster.${id}`;
    if (typeof c.name !== 'string' || !/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/.test(c.name)) problems.push(`${where}: name ${c.name}`);
    const cidr = c.private_cluster_config?.master_ipv4_cidr_block;
    if (cidr !== undefined && !/\/28$/.test(cidr)) problems.push(`${where}: master CIDR ${cidr}`);
    if (typeof c.location !== 'string' || c.location === '') problems.push(`${where}: location ${c.location}`);
  }
  for (const [id, sa] of each(tf, 'google_service_account')) {
    if (typeof sa.account_id !== 'string' || !/^[a-z]([-a-z0-9]{4,28}[a-z0-9])$/.test(sa.account_id)) problems.push(`google_service_account.${id}: id ${sa.account_id}`);
  }
  problems.push(...storageCloudProblems(tf));
  for (const type of ['aws_s3_bucket', 'aws_efs_file_system', 'aws_fsx_lustre_file_system', 'aws_kms_key']) {
    for (const [id, r] of each(tf, type)) problems.push(...awsTags(`${type}.${id}`, r.tags));
  }
  for (const type of ['google_storage_bucket', 'google_filestore_instance', 'google_lustre_instance', 'google_kms_crypto_key']) {
    for (const [id, r] of each(tf, type)) problems.push(...gcpLabels(`${type}.${id} labels`, r.labels));
  }
  return problems;
}
