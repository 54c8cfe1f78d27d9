import { TerraformResource } from 'cdktf';
import { Budget, BudgetProps, ErrorCode, ExternalNodePool, GkeCluster, GpuModel, GpuNodePool, MlPlatform, TeamNamespace } from '../../lib';
import { renderMarkdownReport } from '../../lib/cost/report-md';
import { renderSummary } from '../../lib/cost/summary';
import { topologyOf } from '../../lib/cost/topology';
import { cloudProblems } from '../support/cloud-rules';
import { awsPlatform, gcpPlatform, resources, terraformOf, validationErrorOf } from '../support/platforms';

// Budgets as the clouds receive them: the synthesized Terraform JSON of each resource compared whole with the attributes
// the providers' typed bindings declare (aws 6.25: aws_budgets_budget, aws_budgets_budget_action,
// aws_ce_cost_allocation_tag; google 6.50: google_billing_budget, google_monitoring_notification_channel), so that an
// unknown or misspelled attribute fails; the clouds' limits (tests/support/cloud-rules.ts); and each refusal's code.

const EMAIL = 'finops@example.com';
const ACCOUNT = '012345-6789AB-CDEF01';

/** An AWS platform with a pool only `research` has quota on and a pool `research` and `vision` share. */
function awsTeams(): { platform: MlPlatform; own: GpuNodePool; shared: GpuNodePool } {
  const platform = awsPlatform();
  const own = new GpuNodePool(platform, 'research-l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 4 });
  const shared = new GpuNodePool(platform, 'shared-l4', { gpu: GpuModel.L4, gpusPerNode: 1, maxNodes: 2 });
  new TeamNamespace(platform, 'research', { quotas: [{ pool: own, guaranteed: { 'nvidia.com/gpu': '2' } }, { pool: shared, guaranteed: { 'nvidia.com/gpu': '1' } }] });
  new TeamNamespace(platform, 'vision', { quotas: [{ pool: shared, guaranteed: { 'nvidia.com/gpu': '1' } }] });
  return { platform, own, shared };
}

function strip(r: any): any {
  return Object.fromEntries(Object.entries(r).filter(([k]) => k !== '//'));
}

describe('AWS budgets', () => {
  test('a platform budget: aws_budgets_budget on the platform tag, one notification per threshold, subscribers on each', () => {
    const platform = awsPlatform();
    new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    new Budget(platform, 'platform', { monthlyLimitUsd: 20000, emails: [EMAIL], snsTopicArns: ['arn:aws:sns:us-east-1:111122223333:budgets'] });
    const tf = terraformOf(platform);
    const subscribers = { subscriber_email_addresses: [EMAIL], subscriber_sns_topic_arns: ['arn:aws:sns:us-east-1:111122223333:budgets'] };
    expect(resources(tf, 'aws_budgets_budget').map(strip)).toEqual([{
      name: 'aws-test-platform',
      budget_type: 'COST',
      time_unit: 'MONTHLY',
      limit_amount: '20000.00',
      limit_unit: 'USD',
      cost_filter: [{ name: 'TagKeyValue', values: ['user:ml-platform-cdk:platform$aws-test'] }],
      notification: [
        { notification_type: 'ACTUAL', comparison_operator: 'GREATER_THAN', threshold: 80, threshold_type: 'PERCENTAGE', ...subscribers },
        { notification_type: 'ACTUAL', comparison_operator: 'GREATER_THAN', threshold: 100, threshold_type: 'PERCENTAGE', ...subscribers },
        { notification_type: 'FORECASTED', comparison_operator: 'GREATER_THAN', threshold: 100, threshold_type: 'PERCENTAGE', ...subscribers },
      ],
    }]);
    expect(resources(tf, 'aws_ce_cost_allocation_tag').map(strip)).toEqual([
      { tag_key: 'ml-platform-cdk:platform', status: 'Active' },
      { tag_key: 'ml-platform-cdk:pool', status: 'Active' },
    ]);
    expect(resources(tf, 'aws_budgets_budget_action')).toEqual([]);
    expect(cloudProblems(tf)).toEqual([]);
  });

  test('a team budget filters on the team tag; the tag keys are activated once per stack, however many budgets ask', () => {
    const { platform } = awsTeams();
    new Budget(platform, 'ResearchBudget', { name: 'research', team: 'research', monthlyLimitUsd: 5000, emails: [EMAIL], actualThresholdsPercent: [50, 90], forecastThresholdsPercent: [] });
    new Budget(platform, 'all', { monthlyLimitUsd: 9000, emails: [EMAIL] });
    const tf = terraformOf(platform);
    const team = resources(tf, 'aws_budgets_budget').find((b) => b.name === 'aws-test-research');
    expect(team.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:ml-platform-cdk:team$research'] }]);
    expect(team.notification.map((n: any) => [n.notification_type, n.threshold])).toEqual([['ACTUAL', 50], ['ACTUAL', 90]]);
    expect(resources(tf, 'aws_ce_cost_allocation_tag').map((t) => t.tag_key).sort()).toEqual(['ml-platform-cdk:platform', 'ml-platform-cdk:pool', 'ml-platform-cdk:team']);
    expect(cloudProblems(tf)).toEqual([]);
  });

  test('activateCostAllocationTags: false renders no aws_ce_cost_allocation_tag', () => {
    const platform = awsPlatform();
    new Budget(platform, 'platform', { monthlyLimitUsd: 100, emails: [EMAIL], activateCostAllocationTags: false });
    expect(resources(terraformOf(platform), 'aws_ce_cost_allocation_tag')).toEqual([]);
  });

  test('the cap: a budget action attaching a deny policy on growing the team\'s own node groups only', () => {
    const { platform } = awsTeams();
    new Budget(platform, 'ResearchBudget', { name: 'research', team: 'research', monthlyLimitUsd: 5000, emails: [EMAIL], cap: { roleNames: ['cluster-autoscaler'], thresholdPercent: 95 } });
    const tf = terraformOf(platform);
    const [action] = resources(tf, 'aws_budgets_budget_action');
    const groups = Object.entries(tf.resource.aws_eks_node_group as Record<string, any>);
    const ownId = groups.find(([, g]) => g.node_group_name === 'research-l4')![0];
    const sharedId = groups.find(([, g]) => g.node_group_name === 'shared-l4')![0];
    const [policy] = resources(tf, 'aws_iam_policy');
    const [role] = resources(tf, 'aws_iam_role');
    const policyId = Object.keys(tf.resource.aws_iam_policy)[0];
    const roleId = Object.keys(tf.resource.aws_iam_role)[0];
    const budgetId = Object.keys(tf.resource.aws_budgets_budget)[0];
    expect(strip(action)).toEqual({
      budget_name: `\${aws_budgets_budget.${budgetId}.name}`,
      action_type: 'APPLY_IAM_POLICY',
      approval_model: 'AUTOMATIC',
      notification_type: 'ACTUAL',
      action_threshold: { action_threshold_type: 'PERCENTAGE', action_threshold_value: 95 },
      definition: { iam_action_definition: { policy_arn: `\${aws_iam_policy.${policyId}.arn}`, roles: ['cluster-autoscaler'] } },
      execution_role_arn: `\${aws_iam_role.${roleId}.arn}`,
      subscriber: [{ address: EMAIL, subscription_type: 'EMAIL' }],
    });
    expect(role.name).toBe('aws-test-research-budget-action');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'budgets.amazonaws.com' });
    expect(policy.name).toBe('aws-test-research-deny-scale-up');
    const documents = tf.data.aws_iam_policy_document as Record<string, any>;
    const deny = Object.values(documents).find((d) => d.statement[0].sid === 'DenyAutoScalingGroupGrowth');
    expect(deny.statement).toEqual([
      {
        sid: 'DenyAutoScalingGroupGrowth', effect: 'Deny', actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:UpdateAutoScalingGroup'],
        resources: [`arn:*:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/\${aws_eks_node_group.${ownId}.resources[0].autoscaling_groups[0].name}`],
      },
      { sid: 'DenyNodeGroupResize', effect: 'Deny', actions: ['eks:UpdateNodegroupConfig'], resources: [`\${aws_eks_node_group.${ownId}.arn}`] },
    ]);
    expect(JSON.stringify(deny)).not.toContain(sharedId);
    const attach = Object.values(documents).find((d) => d.statement[0].sid === 'AttachTheDenyPolicyOnly');
    expect(attach.statement[0]).toMatchObject({
      actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      resources: ['arn:*:iam::*:role/cluster-autoscaler'],
      condition: [{ test: 'ArnEquals', variable: 'iam:PolicyARN', values: [`\${aws_iam_policy.${policyId}.arn}`] }],
    });
    expect(cloudProblems(tf)).toEqual([]);
  });

  test('a pool only one team has quota on carries the team tag on its node group, launch template, instances and volumes; a shared pool does not', () => {
    const { platform } = awsTeams();
    const tf = terraformOf(platform);
    const lt = (pool: string) => resources(tf, 'aws_launch_template').find((t) => t.name === `ml-test-${pool}`);
    const ng = (pool: string) => resources(tf, 'aws_eks_node_group').find((g) => g.node_group_name === pool);
    expect(ng('research-l4').tags['ml-platform-cdk:team']).toBe('research');
    expect(lt('research-l4').tags).toEqual({ 'ml-platform-cdk:pool': 'research-l4', 'ml-platform-cdk:team': 'research' });
    for (const spec of lt('research-l4').tag_specifications) {
      expect(spec.tags).toEqual({ 'ml-platform-cdk:platform': 'aws-test', 'ml-platform-cdk:pool': 'research-l4', 'ml-platform-cdk:team': 'research' });
    }
    expect(ng('shared-l4').tags['ml-platform-cdk:team']).toBeUndefined();
    expect(lt('shared-l4').tag_specifications[0].tags).toEqual({ 'ml-platform-cdk:platform': 'aws-test', 'ml-platform-cdk:pool': 'shared-l4' });
  });
});

describe('GCP budgets', () => {
  test('google_billing_budget on the project and the platform label; e-mails become Monitoring channels; cents become nanos', () => {
    const platform = gcpPlatform();
    new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, maxNodes: 2 });
    new Budget(platform, 'platform', {
      monthlyLimitUsd: 12345.67, billingAccountId: ACCOUNT, emails: [EMAIL],
      notificationChannels: ['projects/acme-ml-test/notificationChannels/42'], pubsubTopic: 'projects/acme-ml-test/topics/budget-alerts',
    });
    const tf = terraformOf(platform);
    const projectId = Object.keys(tf.data.google_project)[0];
    const channelId = Object.keys(tf.resource.google_monitoring_notification_channel)[0];
    expect(strip(tf.data.google_project[projectId])).toEqual({ project_id: 'acme-ml-test' });
    expect(resources(tf, 'google_monitoring_notification_channel').map(strip)).toEqual([{
      project: 'acme-ml-test', display_name: `gcp-test-platform budget: ${EMAIL}`, type: 'email', labels: { email_address: EMAIL },
      user_labels: { 'ml-platform-cdk-platform': 'gcp-test' },
    }]);
    expect(resources(tf, 'google_billing_budget').map(strip)).toEqual([{
      billing_account: ACCOUNT,
      display_name: 'gcp-test-platform',
      amount: { specified_amount: { currency_code: 'USD', units: '12345', nanos: 670000000 } },
      budget_filter: { projects: [`projects/\${data.google_project.${projectId}.number}`], labels: { 'ml-platform-cdk-platform': 'gcp-test' }, calendar_period: 'MONTH' },
      threshold_rules: [
        { threshold_percent: 0.8, spend_basis: 'CURRENT_SPEND' },
        { threshold_percent: 1, spend_basis: 'CURRENT_SPEND' },
        { threshold_percent: 1, spend_basis: 'FORECASTED_SPEND' },
      ],
      all_updates_rule: {
        monitoring_notification_channels: [`\${google_monitoring_notification_channel.${channelId}.name}`, 'projects/acme-ml-test/notificationChannels/42'],
        pubsub_topic: 'projects/acme-ml-test/topics/budget-alerts',
        schema_version: '1.0',
      },
    }]);
    expect(cloudProblems(tf)).toEqual([]);
  });

  test('a team budget filters on the team label, which the team\'s own node pool carries', () => {
    const platform = gcpPlatform();
    const own = new GpuNodePool(platform, 'research-l4', { gpu: GpuModel.L4, maxNodes: 2 });
    new TeamNamespace(platform, 'research', { quotas: [{ pool: own, guaranteed: { 'nvidia.com/gpu': '1' } }] });
    new Budget(platform, 'ResearchBudget', { name: 'research', team: 'research', monthlyLimitUsd: 3000, billingAccountId: ACCOUNT });
    const tf = terraformOf(platform);
    expect(resources(tf, 'google_billing_budget')[0].budget_filter.labels).toEqual({ 'ml-platform-cdk-team': 'research' });
    expect(resources(tf, 'google_billing_budget')[0].all_updates_rule).toBeUndefined();
    expect(resources(tf, 'google_container_node_pool')[0].node_config.resource_labels).toEqual({
      'ml-platform-cdk-platform': 'gcp-test', 'ml-platform-cdk-pool': 'research-l4', 'ml-platform-cdk-team': 'research',
    });
  });

  test('a cluster the platform creates has GKE cost allocation on; an imported one is left as it is', () => {
    const created = gcpPlatform({ cluster: GkeCluster.create({ clusterName: 'ml-new', network: 'vpc', subnetwork: 'nodes' }) });
    expect(resources(terraformOf(created), 'google_container_cluster')[0].cost_management_config).toEqual({ enabled: true });
    expect(resources(terraformOf(gcpPlatform()), 'google_container_cluster')).toEqual([]);
  });
});

describe('budgets in the estimate, the summary and the report', () => {
  test('a platform budget against the pools\' expected and ceiling figures; the ceiling above the limit warns', () => {
    const platform = awsPlatform();
    new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 10 });
    new Budget(platform, 'platform', { monthlyLimitUsd: 2000, emails: [EMAIL] });
    const e = platform.estimate();
    const pool = e.pools[0];
    // Independently: node price x nodes x 730 hours; expected nodes = 1 + 0.5 x (10 - 1).
    const ceiling = pool.nodeUsdPerHour * 10 * 730;
    const expected = pool.nodeUsdPerHour * (1 + 0.5 * 9) * 730;
    const [b] = e.budgets;
    expect(b).toMatchObject({ budget: 'platform', monthlyLimitUsd: 2000, pools: ['l4'], ceilingExceedsLimit: true, expectedExceedsLimit: expected > 2000 });
    expect(b.team).toBeUndefined();
    expect(b.ceilingMonthlyUsd).toBeCloseTo(ceiling, 6);
    expect(b.expectedMonthlyUsd).toBeCloseTo(expected, 6);
    expect(b.ceilingShareOfLimit).toBeCloseTo(ceiling / 2000, 9);
    expect(b.daysToLimitAtCeiling).toBeCloseTo(2000 / (ceiling / (730 / 24)), 9);
    const summary = renderSummary(e);
    expect(summary).toContain('WARNING: budget platform');
    expect(summary).toMatch(/platform +the platform +\$2,000/);
    const md = renderMarkdownReport(e, topologyOf(platform._model(), e, 'kueue'));
    expect(md).toContain('## Budgets');
    expect(md).toContain('WARNING: budget platform');
  });

  test('a team budget counts its own pools whole (idle included) and nothing of the shared ones; no warning under the limit', () => {
    const { platform } = awsTeams();
    new Budget(platform, 'ResearchBudget', { name: 'research', team: 'research', monthlyLimitUsd: 1_000_000, emails: [EMAIL] });
    const e = platform.estimate();
    const own = e.pools.find((p) => p.pool === 'research-l4')!;
    const [b] = e.budgets;
    expect(b.pools).toEqual(['research-l4']);
    expect(b.ceilingMonthlyUsd).toBeCloseTo(own.nodeUsdPerHour * 4 * 730, 6);
    expect(b.ceilingExceedsLimit).toBe(false);
    expect(b.daysToLimitAtCeiling).toBeUndefined();
    expect(renderSummary(e)).not.toContain('WARNING');
  });

  test('the cloud layer warns of a budget its ceiling exceeds, whether or not the report is printed (cdktf prints it)', () => {
    const platform = awsPlatform({ costReport: { printSummary: false, writeReports: false } });
    new GpuNodePool(platform, 'l4', { gpu: GpuModel.L4, gpusPerNode: 1, minNodes: 1, maxNodes: 10 });
    const over = new Budget(platform, 'platform', { monthlyLimitUsd: 2000, emails: [EMAIL] });
    const under = new Budget(platform, 'roomy', { monthlyLimitUsd: 1_000_000, emails: [EMAIL] });
    const warnings = (b: Budget) => b.cloudResources.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data as string);
    terraformOf(platform);
    terraformOf(platform); // validations run on every synth: the warning is given once
    // 10 nodes x the node price x 730 hours is above $2,000; the days come from the same figures.
    const b = platform.estimate().budgets.find((x) => x.budget === 'platform')!;
    const days = (2000 / (b.ceilingMonthlyUsd / (730 / 24))).toFixed(1);
    expect(warnings(over)).toHaveLength(1);
    expect(warnings(over)[0]).toMatch(new RegExp(`^budget platform: the (ceiling|expected) .* would spend it in ${days.replace('.', '\\.')} days`));
    expect(warnings(under)).toEqual([]);
  });

  test('escape hatch: the budget resource through cloudResources', () => {
    const platform = awsPlatform();
    const budget = new Budget(platform, 'platform', { monthlyLimitUsd: 100, emails: [EMAIL] });
    (budget.cloudResources.node.findChild('Budget') as TerraformResource).addOverride('cost_types.include_tax', false);
    expect(resources(terraformOf(platform), 'aws_budgets_budget')[0].cost_types).toEqual({ include_tax: false });
  });

  test('MlPlatform.budgets lists them by name', () => {
    const platform = awsPlatform();
    new Budget(platform, 'zeta', { monthlyLimitUsd: 1, emails: [EMAIL] });
    new Budget(platform, 'alpha', { monthlyLimitUsd: 1, emails: [EMAIL] });
    expect(platform.budgets.map((b) => b.budgetName)).toEqual(['alpha', 'zeta']);
  });
});

describe('budget validation', () => {
  const aws = (props: Partial<BudgetProps>) => () => new Budget(awsPlatform(), 'b', { monthlyLimitUsd: 100, emails: [EMAIL], ...props } as BudgetProps);
  const gcp = (props: Partial<BudgetProps>) => () => new Budget(gcpPlatform(), 'b', { monthlyLimitUsd: 100, billingAccountId: ACCOUNT, ...props } as BudgetProps);

  test.each<[string, () => unknown, ErrorCode]>([
    ['a limit of 0', aws({ monthlyLimitUsd: 0 }), ErrorCode.BUDGET_LIMIT_INVALID],
    ['a negative limit', aws({ monthlyLimitUsd: -5 }), ErrorCode.BUDGET_LIMIT_INVALID],
    ['a NaN limit', aws({ monthlyLimitUsd: Number.NaN }), ErrorCode.BUDGET_LIMIT_INVALID],
    ['an infinite limit', aws({ monthlyLimitUsd: Infinity }), ErrorCode.BUDGET_LIMIT_INVALID],
    ['a limit as a string', aws({ monthlyLimitUsd: '100' as never }), ErrorCode.BUDGET_LIMIT_INVALID],
    ['a limit in fractions of a cent', aws({ monthlyLimitUsd: 100.005 }), ErrorCode.BUDGET_LIMIT_INVALID],
    ['a threshold of 0', aws({ actualThresholdsPercent: [0, 100] }), ErrorCode.BUDGET_THRESHOLD_INVALID],
    ['a threshold above 100', aws({ forecastThresholdsPercent: [120] }), ErrorCode.BUDGET_THRESHOLD_INVALID],
    ['a NaN threshold', aws({ actualThresholdsPercent: [Number.NaN] }), ErrorCode.BUDGET_THRESHOLD_INVALID],
    ['thresholds not a list', aws({ actualThresholdsPercent: 80 as never }), ErrorCode.BUDGET_THRESHOLD_INVALID],
    ['no threshold at all', aws({ actualThresholdsPercent: [], forecastThresholdsPercent: [] }), ErrorCode.BUDGET_THRESHOLD_INVALID],
    ['unordered thresholds', aws({ actualThresholdsPercent: [100, 80] }), ErrorCode.BUDGET_THRESHOLDS_UNORDERED],
    ['a duplicate threshold', aws({ forecastThresholdsPercent: [90, 90] }), ErrorCode.BUDGET_THRESHOLDS_UNORDERED],
    ['a bad e-mail', aws({ emails: ['finops@'] }), ErrorCode.BUDGET_EMAIL_INVALID],
    ['an e-mail twice', aws({ emails: [EMAIL, EMAIL] }), ErrorCode.BUDGET_EMAIL_INVALID],
    ['a bad SNS ARN', aws({ snsTopicArns: ['budgets'] }), ErrorCode.BUDGET_NOTIFICATION_INVALID],
    ['11 e-mails on AWS', aws({ emails: Array.from({ length: 11 }, (_, i) => `p${i}@example.com`) }), ErrorCode.BUDGET_TOO_MANY_SUBSCRIBERS],
    ['2 SNS topics on AWS', aws({ snsTopicArns: ['arn:aws:sns:us-east-1:111122223333:a', 'arn:aws:sns:us-east-1:111122223333:b'] }), ErrorCode.BUDGET_TOO_MANY_SUBSCRIBERS],
    ['no subscriber on AWS', aws({ emails: [] }), ErrorCode.BUDGET_NO_SUBSCRIBERS],
    ['11 thresholds on AWS', aws({ actualThresholdsPercent: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], forecastThresholdsPercent: [100] }), ErrorCode.BUDGET_TOO_MANY_NOTIFICATIONS],
    ['a Pub/Sub topic on AWS', aws({ pubsubTopic: 'projects/acme-ml-test/topics/budgets' }), ErrorCode.BUDGET_OPTION_UNSUPPORTED],
    ['a billing account on AWS', aws({ billingAccountId: ACCOUNT }), ErrorCode.BUDGET_OPTION_UNSUPPORTED],
    ['a cap without roles', aws({ cap: { roleNames: [] } }), ErrorCode.BUDGET_CAP_INVALID],
    ['a cap role that is not a role name', aws({ cap: { roleNames: ['arn:aws:iam::1:role/x'] } }), ErrorCode.BUDGET_CAP_INVALID],
    ['a cap threshold above 100', aws({ cap: { roleNames: ['ca'], thresholdPercent: 150 } }), ErrorCode.BUDGET_THRESHOLD_INVALID],
    ['props not an object', () => new Budget(awsPlatform(), 'b', null as never), ErrorCode.BUDGET_PROPS_INVALID],
    ['a team that is not a name', aws({ team: 7 as never }), ErrorCode.BUDGET_TEAM_UNKNOWN],
    ['a budget name too long for AWS', () => new Budget(awsPlatform({}, 'p'.repeat(60)), 'b'.repeat(45), { monthlyLimitUsd: 1, emails: [EMAIL] }), ErrorCode.INVALID_NAME],
    ['GCP without a billing account', gcp({ billingAccountId: undefined }), ErrorCode.BUDGET_BILLING_ACCOUNT_MISSING],
    ['a malformed billing account', gcp({ billingAccountId: '0123456789' }), ErrorCode.BUDGET_NOTIFICATION_INVALID],
    ['an SNS topic on GCP', gcp({ snsTopicArns: ['arn:aws:sns:us-east-1:111122223333:a'] }), ErrorCode.BUDGET_OPTION_UNSUPPORTED],
    ['a cap on GCP', gcp({ cap: { roleNames: ['ca'] } }), ErrorCode.BUDGET_OPTION_UNSUPPORTED],
    ['6 channels on GCP', gcp({ emails: ['a@example.com', 'b@example.com', 'c@example.com'], notificationChannels: ['1', '2', '3'].map((n) => `projects/acme-ml-test/notificationChannels/${n}`) }),
      ErrorCode.BUDGET_TOO_MANY_SUBSCRIBERS],
    ['a malformed Pub/Sub topic', gcp({ pubsubTopic: 'budget-alerts' }), ErrorCode.BUDGET_NOTIFICATION_INVALID],
  ])('%s', (_case, declare, code) => {
    const error = validationErrorOf(declare);
    expect(error.code).toBe(code);
    expect(error.fix.length).toBeGreaterThan(10);
  });

  test('a refused budget leaves nothing registered or rendered', () => {
    const platform = awsPlatform();
    expect(validationErrorOf(() => new Budget(platform, 'b', { monthlyLimitUsd: -1, emails: [EMAIL] })).constructPath).toBe('aws-test/b');
    expect(platform.budgets).toEqual([]);
    expect(platform.node.tryFindChild('b')).toBeUndefined();
    expect(resources(terraformOf(platform), 'aws_budgets_budget')).toEqual([]);
  });

  test('two budgets with one name', () => {
    const platform = awsPlatform();
    new Budget(platform, 'one', { name: 'b', monthlyLimitUsd: 1, emails: [EMAIL] });
    expect(validationErrorOf(() => new Budget(platform, 'two', { name: 'b', monthlyLimitUsd: 1, emails: [EMAIL] })).code).toBe(ErrorCode.DUPLICATE_NAME);
  });

  test('a team budget for a team that only shares pools cannot be attributed (at synth, whatever the declaration order)', () => {
    const platform = awsPlatform();
    new Budget(platform, 'VisionBudget', { name: 'vision', team: 'vision', monthlyLimitUsd: 1000, emails: [EMAIL] });
    const { shared } = { shared: new GpuNodePool(platform, 'shared-l4', { gpu: GpuModel.L4, maxNodes: 2 }) };
    new TeamNamespace(platform, 'vision', { quotas: [{ pool: shared, guaranteed: { 'nvidia.com/gpu': '1' } }] });
    new TeamNamespace(platform, 'research', { quotas: [{ pool: shared, guaranteed: { 'nvidia.com/gpu': '1' } }] });
    const error = validationErrorOf(() => terraformOf(platform));
    expect(error.code).toBe(ErrorCode.BUDGET_TEAM_NOT_ATTRIBUTABLE);
    expect(error.constructPath).toBe('aws-test/VisionBudget');
    expect(error.message).toContain('"sharedPools":["shared-l4"]');
  });

  test('a team budget on capacity provisioned elsewhere cannot be attributed either', () => {
    const platform = awsPlatform();
    const cpu = new ExternalNodePool(platform, 'cpu', { nodeLabels: { 'eks.amazonaws.com/nodegroup': 'general' }, resources: { cpu: '64', memory: '256Gi' } });
    new TeamNamespace(platform, 'etl', { quotas: [{ pool: cpu, guaranteed: { cpu: '8', memory: '32Gi' } }] });
    new Budget(platform, 'EtlBudget', { name: 'etl', team: 'etl', monthlyLimitUsd: 1000, emails: [EMAIL] });
    const error = validationErrorOf(() => platform.validatePlatform());
    expect(error.code).toBe(ErrorCode.BUDGET_TEAM_NOT_ATTRIBUTABLE);
    expect(error.message).toContain('"externalPools":["cpu"]');
  });

  test('a team budget naming a team the platform does not have', () => {
    const platform = awsPlatform();
    new Budget(platform, 'ghost', { team: 'ghost', monthlyLimitUsd: 1000, emails: [EMAIL] });
    expect(validationErrorOf(() => platform.validatePlatform()).code).toBe(ErrorCode.BUDGET_TEAM_UNKNOWN);
  });

  test('a cap on a platform without node groups', () => {
    const platform = awsPlatform();
    new Budget(platform, 'b', { monthlyLimitUsd: 1000, emails: [EMAIL], cap: { roleNames: ['cluster-autoscaler'] } });
    expect(validationErrorOf(() => platform.validatePlatform()).code).toBe(ErrorCode.BUDGET_CAP_INVALID);
  });

  test('outside a platform', () => {
    const { Construct } = jest.requireActual('constructs');
    expect(validationErrorOf(() => new Budget(new Construct(undefined, 'root'), 'b', { monthlyLimitUsd: 1, emails: [EMAIL] })).code).toBe(ErrorCode.SCOPE_INVALID);
  });
});
