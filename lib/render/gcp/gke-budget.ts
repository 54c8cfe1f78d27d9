import { BillingBudget } from '@cdktf/provider-google/lib/billing-budget';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { Construct, IConstruct } from 'constructs';
import { Cloud } from '../../core/cloud';
import { ErrorCode, ValidationError } from '../../core/errors';
import { CloudTagKeys } from '../../core/labels';
import { GCP_BUDGET_LIMITS } from '../../cost/budget';
import { BudgetModel } from '../../model/types';

/** The cloud resources of one budget, for escape hatches and tests. */
export interface GkeBudgetResources {
  readonly budget: BillingBudget;
  readonly emailChannels: MonitoringNotificationChannel[];
}

const MAX_DISPLAY_NAME = 60;

/** The budget's display name: `<platform>-<budget>`. */
export function gcpBudgetName(platformName: string, budget: BudgetModel): string {
  return `${platformName}-${budget.name}`;
}

/** GCP budgets' options and limits (reference/cloud-apis.md 2.2). */
export function checkGcpBudget(scope: IConstruct, platformName: string, budget: BudgetModel): void {
  const awsOnly = [
    budget.snsTopicArns.length > 0 ? 'snsTopicArns' : undefined,
    budget.cap !== undefined ? 'cap' : undefined,
  ].filter((p): p is string => p !== undefined);
  if (awsOnly.length > 0) {
    throw new ValidationError(ErrorCode.BUDGET_OPTION_UNSUPPORTED, {
      message: budget.cap !== undefined
        ? 'A GCP budget only notifies: it cannot act at its limit (no budget action).'
        : 'SNS topics are AWS; GCP budgets notify e-mails, Cloud Monitoring channels and a Pub/Sub topic.',
      received: awsOnly,
      fix: budget.cap !== undefined
        ? 'Remove `cap`; to stop spend, publish to `pubsubTopic` and have a function you own set the pools\' sizes to zero (README, "Budgets and allocation").'
        : 'Use `emails`, `notificationChannels` or `pubsubTopic` on GCP.',
    }, scope);
  }
  if (budget.billingAccountId === undefined) {
    throw new ValidationError(ErrorCode.BUDGET_BILLING_ACCOUNT_MISSING, {
      message: 'A GCP budget is set on a billing account, and the budget names none.',
      fix: 'Pass billingAccountId, as `gcloud billing accounts list` shows it (e.g. "012345-6789AB-CDEF01").',
    }, scope);
  }
  const channels = budget.emails.length + budget.notificationChannels.length;
  if (channels > GCP_BUDGET_LIMITS.maxChannels) {
    throw new ValidationError(ErrorCode.BUDGET_TOO_MANY_SUBSCRIBERS, {
      message: `A GCP budget notifies at most ${GCP_BUDGET_LIMITS.maxChannels} Cloud Monitoring channels, and each e-mail is one.`,
      received: { emails: budget.emails.length, notificationChannels: budget.notificationChannels.length },
      fix: 'Notify a mailing list, or publish to `pubsubTopic` and fan out from there.',
    }, scope);
  }
  const name = gcpBudgetName(platformName, budget);
  if (name.length > MAX_DISPLAY_NAME) {
    throw new ValidationError(ErrorCode.INVALID_NAME, {
      message: `The GCP budget is named <platform>-<budget>, and ${name.length} characters exceed the ${MAX_DISPLAY_NAME} a display name may have.`,
      received: name,
      fix: `Shorten the budget name to at most ${MAX_DISPLAY_NAME - platformName.length - 1} characters.`,
    }, scope);
  }
}

/**
 * A `google_billing_budget` on the platform's project, filtered on the platform's (or the team's) label, one threshold
 * rule per threshold, and a Cloud Monitoring e-mail channel per address.
 */
export function renderGcpBudget(scope: Construct, platformName: string, cloud: Cloud, budget: BudgetModel): GkeBudgetResources {
  const project = cloud.project!;
  const label: Record<string, string> = budget.team !== undefined ? { [CloudTagKeys.GCP_TEAM]: budget.team } : { [CloudTagKeys.GCP_PLATFORM]: platformName };
  const name = gcpBudgetName(platformName, budget);
  // Construct ids from the address itself (URI-encoded: no "/"), so that reordering the list changes nothing.
  const emailChannels = budget.emails.map((email) => new MonitoringNotificationChannel(scope, `Email-${encodeURIComponent(email)}`, {
    project,
    displayName: `${name} budget: ${email}`,
    type: 'email',
    labels: { email_address: email },
    userLabels: { [CloudTagKeys.GCP_PLATFORM]: platformName },
  }));
  // Budgets filter projects by number, which only the API knows.
  const projectNumber = new DataGoogleProject(scope, 'Project', { projectId: project }).number;
  const cents = Math.round(budget.monthlyLimitUsd * 100);
  const channels = [...emailChannels.map((c) => c.name), ...budget.notificationChannels];
  const budgetResource = new BillingBudget(scope, 'Budget', {
    billingAccount: budget.billingAccountId!,
    displayName: name,
    amount: { specifiedAmount: { currencyCode: 'USD', units: String(Math.floor(cents / 100)), nanos: (cents % 100) * 10_000_000 } },
    budgetFilter: { projects: [`projects/${projectNumber}`], labels: label, calendarPeriod: 'MONTH' },
    thresholdRules: [
      ...budget.actualThresholdsPercent.map((t) => ({ thresholdPercent: t / 100, spendBasis: 'CURRENT_SPEND' })),
      ...budget.forecastThresholdsPercent.map((t) => ({ thresholdPercent: t / 100, spendBasis: 'FORECASTED_SPEND' })),
    ],
    allUpdatesRule: channels.length > 0 || budget.pubsubTopic !== undefined ? {
      monitoringNotificationChannels: channels.length > 0 ? channels : undefined,
      pubsubTopic: budget.pubsubTopic,
      schemaVersion: budget.pubsubTopic !== undefined ? '1.0' : undefined,
    } : undefined,
  });
  return { budget: budgetResource, emailChannels };
}
