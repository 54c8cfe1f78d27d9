import { BudgetsBudget, BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import { BudgetsBudgetAction } from '@cdktf/provider-aws/lib/budgets-budget-action';
import { CeCostAllocationTag } from '@cdktf/provider-aws/lib/ce-cost-allocation-tag';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Lazy, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../../core/errors';
import { CloudTagKeys } from '../../core/labels';
import { AWS_BUDGET_LIMITS } from '../../cost/budget';
import { BudgetModel } from '../../model/types';

/** The cloud resources of one budget, for escape hatches and tests. */
export interface EksBudgetResources {
  readonly budget: BudgetsBudget;
  readonly action?: BudgetsBudgetAction;
}

/** What a budget's cap needs of the pools it covers, read at synth. */
export interface CappedNodeGroups {
  /** Auto Scaling group names (tokens) of the node groups the budget covers. */
  autoScalingGroupNames(): string[];
  /** Node group ARNs (tokens) of the same. */
  nodeGroupArns(): string[];
}

const MAX_BUDGET_NAME = 100;
const MAX_ROLE_NAME = 64;

/** The cloud budget's name: `<platform>-<budget>`. */
export function awsBudgetName(platformName: string, budget: BudgetModel): string {
  return `${platformName}-${budget.name}`;
}

/** The cap's execution role: `<platform>-<budget>-budget-action`. */
function actionRoleName(platformName: string, budget: BudgetModel): string {
  return `${awsBudgetName(platformName, budget)}-budget-action`;
}

/** AWS Budgets' options and limits (reference/cloud-apis.md 1.3; Budgets API `Notification`). */
export function checkAwsBudget(scope: IConstruct, platformName: string, budget: BudgetModel): void {
  const gcpOnly = [
    budget.pubsubTopic !== undefined ? 'pubsubTopic' : undefined,
    budget.notificationChannels.length > 0 ? 'notificationChannels' : undefined,
    budget.billingAccountId !== undefined ? 'billingAccountId' : undefined,
  ].filter((p): p is string => p !== undefined);
  if (gcpOnly.length > 0) {
    throw new ValidationError(ErrorCode.BUDGET_OPTION_UNSUPPORTED, {
      message: `${gcpOnly.join(', ')} ${gcpOnly.length > 1 ? 'are' : 'is'} for GCP budgets; AWS budgets notify e-mails and SNS topics.`,
      received: gcpOnly,
      fix: 'Use `emails` and `snsTopicArns` on AWS.',
    }, scope);
  }
  if (budget.emails.length === 0 && budget.snsTopicArns.length === 0) {
    throw new ValidationError(ErrorCode.BUDGET_NO_SUBSCRIBERS, {
      message: 'AWS Budgets needs at least one subscriber per notification, and the budget names none.',
      received: { emails: budget.emails, snsTopicArns: budget.snsTopicArns },
      fix: 'Add `emails` (up to 10) or one topic in `snsTopicArns`.',
    }, scope);
  }
  if (budget.emails.length > AWS_BUDGET_LIMITS.maxEmails || budget.snsTopicArns.length > AWS_BUDGET_LIMITS.maxSnsTopics) {
    throw new ValidationError(ErrorCode.BUDGET_TOO_MANY_SUBSCRIBERS, {
      message: `AWS Budgets notifies at most ${AWS_BUDGET_LIMITS.maxEmails} e-mail addresses and ${AWS_BUDGET_LIMITS.maxSnsTopics} SNS topic per notification.`,
      received: { emails: budget.emails.length, snsTopicArns: budget.snsTopicArns.length },
      fix: 'Notify a mailing list, or one SNS topic that fans out to more subscribers.',
    }, scope);
  }
  const notifications = budget.actualThresholdsPercent.length + budget.forecastThresholdsPercent.length;
  if (notifications > AWS_BUDGET_LIMITS.maxNotifications) {
    throw new ValidationError(ErrorCode.BUDGET_TOO_MANY_NOTIFICATIONS, {
      message: `Each threshold is one notification, and AWS Budgets allows ${AWS_BUDGET_LIMITS.maxNotifications} per budget.`,
      received: { actualThresholdsPercent: budget.actualThresholdsPercent, forecastThresholdsPercent: budget.forecastThresholdsPercent },
      fix: `Keep at most ${AWS_BUDGET_LIMITS.maxNotifications} thresholds in all, e.g. actual [50, 80, 100] and forecast [100].`,
    }, scope);
  }
  const name = awsBudgetName(platformName, budget);
  const role = actionRoleName(platformName, budget);
  if (name.length > MAX_BUDGET_NAME || (budget.cap && role.length > MAX_ROLE_NAME)) {
    throw new ValidationError(ErrorCode.INVALID_NAME, {
      message: budget.cap && role.length > MAX_ROLE_NAME
        ? `The cap's execution role is named <platform>-<budget>-budget-action, and ${role.length} characters exceed IAM's ${MAX_ROLE_NAME}.`
        : `The AWS budget is named <platform>-<budget>, and ${name.length} characters exceed AWS Budgets' ${MAX_BUDGET_NAME}.`,
      received: budget.cap && role.length > MAX_ROLE_NAME ? role : name,
      fix: 'Shorten the budget name.',
    }, scope);
  }
}

/** Which tag a budget filters on: the platform's, or the team's. */
function filterTag(platformName: string, budget: BudgetModel): { key: string; value: string } {
  return budget.team !== undefined ? { key: CloudTagKeys.AWS_TEAM, value: budget.team } : { key: CloudTagKeys.AWS_PLATFORM, value: platformName };
}

/**
 * An `aws_budgets_budget` on the platform's (or the team's) cost allocation tag, one notification per threshold; the
 * platform's tag keys activated once per stack; and the cap, when asked, as an `aws_budgets_budget_action`.
 */
export function renderAwsBudget(scope: Construct, platformName: string, budget: BudgetModel, capped: CappedNodeGroups): EksBudgetResources {
  const tag = filterTag(platformName, budget);
  const subscribers = {
    subscriberEmailAddresses: budget.emails.length > 0 ? budget.emails : undefined,
    subscriberSnsTopicArns: budget.snsTopicArns.length > 0 ? budget.snsTopicArns : undefined,
  };
  const notification = (type: 'ACTUAL' | 'FORECASTED') => (threshold: number): BudgetsBudgetNotification => ({
    notificationType: type,
    comparisonOperator: 'GREATER_THAN',
    threshold,
    thresholdType: 'PERCENTAGE',
    ...subscribers,
  });
  const resource = new BudgetsBudget(scope, 'Budget', {
    name: awsBudgetName(platformName, budget),
    budgetType: 'COST',
    timeUnit: 'MONTHLY',
    limitAmount: budget.monthlyLimitUsd.toFixed(2),
    limitUnit: 'USD',
    // Cost Explorer spells a user tag filter user:<key>$<value>.
    costFilter: [{ name: 'TagKeyValue', values: [`user:${tag.key}$${tag.value}`] }],
    notification: [
      ...budget.actualThresholdsPercent.map(notification('ACTUAL')),
      ...budget.forecastThresholdsPercent.map(notification('FORECASTED')),
    ],
  });
  if (budget.activateCostAllocationTags) {
    activateTags(scope, [CloudTagKeys.AWS_PLATFORM, CloudTagKeys.AWS_POOL, ...(budget.team !== undefined ? [CloudTagKeys.AWS_TEAM] : [])]);
  }
  const action = budget.cap ? renderCap(new Construct(scope, 'Cap'), platformName, budget, resource, capped) : undefined;
  return { budget: resource, action };
}

/**
 * Cost allocation tags are an account setting: one `aws_ce_cost_allocation_tag` per key and stack, whichever
 * platform or budget asks first (their construct paths are `CostAllocationTags/<key>` under the stack).
 */
function activateTags(scope: IConstruct, keys: string[]): void {
  const stack = TerraformStack.of(scope);
  const container = (stack.node.tryFindChild('CostAllocationTags') as Construct | undefined) ?? new Construct(stack, 'CostAllocationTags');
  for (const key of keys) {
    const id = key.replace(/[^A-Za-z0-9-]/g, '-');
    if (!container.node.tryFindChild(id)) new CeCostAllocationTag(container, id, { tagKey: key, status: 'Active' });
  }
}

/**
 * A deny policy on growing the covered node groups, the role AWS Budgets assumes to attach it, and the action. The
 * node groups are read at synth: a team's pools are known once every team is declared.
 */
function renderCap(scope: Construct, platformName: string, budget: BudgetModel, resource: BudgetsBudget, capped: CappedNodeGroups): BudgetsBudgetAction {
  const cap = budget.cap!;
  const name = awsBudgetName(platformName, budget);
  const deny = new DataAwsIamPolicyDocument(scope, 'DenyScaleUpDocument', {
    statement: [{
      sid: 'DenyAutoScalingGroupGrowth',
      effect: 'Deny',
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:UpdateAutoScalingGroup'],
      // IAM matches wildcards in every ARN field; the group name is the node group's own (EKS generates it).
      resources: Lazy.listValue({ produce: () => capped.autoScalingGroupNames().map((n) => `arn:*:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/${n}`) }),
    }, {
      sid: 'DenyNodeGroupResize',
      effect: 'Deny',
      actions: ['eks:UpdateNodegroupConfig'],
      resources: Lazy.listValue({ produce: () => capped.nodeGroupArns() }),
    }],
  });
  const policy = new IamPolicy(scope, 'DenyScaleUp', {
    name: `${name}-deny-scale-up`,
    description: `Attached by AWS Budgets when ${name} crosses ${cap.thresholdPercent}% of its limit: the node groups stop growing.`,
    policy: deny.json,
  });
  const role = new IamRole(scope, 'ActionRole', {
    name: actionRoleName(platformName, budget),
    description: `Assumed by AWS Budgets to attach ${name}-deny-scale-up to the capped roles.`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  const attach = new DataAwsIamPolicyDocument(scope, 'ActionRoleDocument', {
    statement: [{
      sid: 'AttachTheDenyPolicyOnly',
      effect: 'Allow',
      actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      resources: cap.roleNames.map((r) => `arn:*:iam::*:role/${r}`),
      condition: [{ test: 'ArnEquals', variable: 'iam:PolicyARN', values: [policy.arn] }],
    }],
  });
  new IamRolePolicy(scope, 'ActionRolePolicy', { name: 'attach-deny-scale-up', role: role.name, policy: attach.json });
  return new BudgetsBudgetAction(scope, 'Action', {
    budgetName: resource.name,
    actionType: 'APPLY_IAM_POLICY',
    approvalModel: cap.automatic ? 'AUTOMATIC' : 'MANUAL',
    notificationType: 'ACTUAL',
    actionThreshold: { actionThresholdType: 'PERCENTAGE', actionThresholdValue: cap.thresholdPercent },
    definition: { iamActionDefinition: { policyArn: policy.arn, roles: cap.roleNames } },
    executionRoleArn: role.arn,
    subscriber: [
      ...budget.emails.map((address) => ({ address, subscriptionType: 'EMAIL' })),
      ...budget.snsTopicArns.map((address) => ({ address, subscriptionType: 'SNS' })),
    ],
  });
}
