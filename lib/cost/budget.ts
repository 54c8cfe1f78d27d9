import { Construct, IConstruct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertArray, assertBoolean, assertNumber, assertObject, assertString, Check } from '../core/guards';
import { assertConstructIdFree, Names } from '../core/names';
import { compareStrings } from '../core/order';
import { NameClaim, platformOf, undoConstruct } from '../model/context';
import { BudgetCapModel, BudgetModel } from '../model/types';

/**
 * The cap of a budget on AWS: when actual spend crosses `thresholdPercent` of the limit, AWS Budgets attaches an IAM
 * policy to the roles named here that denies growing the platform's node groups (`autoscaling:SetDesiredCapacity`
 * and `autoscaling:UpdateAutoScalingGroup` on their Auto Scaling groups, `eks:UpdateNodegroupConfig` on the node
 * groups) — for a team budget, the team's own pools. Running nodes keep running and idle nodes still scale down
 * (the cluster autoscaler removes nodes with `TerminateInstanceInAutoScalingGroup`, which stays allowed), so the
 * spend rate can only fall. Name the cluster autoscaler's role (and the roles that apply Terraform, if they too
 * should stop raising sizes). The action is reversed in the Budgets console or API; AWS also resets it each period.
 */
export interface BudgetCap {
  /** Names (not ARNs) of the IAM roles the deny policy is attached to, e.g. the cluster autoscaler's role. */
  readonly roleNames: string[];
  /**
   * Percentage of the limit, on actual spend, at which the policy is attached (0 to 100].
   * @default 100
   */
  readonly thresholdPercent?: number;
  /**
   * Whether the action runs without approval; `false` waits for someone to approve it in the Budgets console.
   * @default true
   */
  readonly automatic?: boolean;
}

/** Properties of a {@link Budget}. */
export interface BudgetProps {
  /**
   * The budget name (a DNS-1123 label): the cloud budget is named `<platform>-<name>`.
   * @default - the construct id
   */
  readonly name?: string;
  /** The monthly limit in USD (whole cents, above 0). */
  readonly monthlyLimitUsd: number;
  /**
   * The team (`TeamNamespace.teamName`) whose spend the budget tracks. The cloud attributes a team's cost only on pools
   * dedicated to it (it is the only team with quota there); a team without one is refused at synth
   * (`BUDGET_TEAM_NOT_ATTRIBUTABLE`).
   * @default - the whole platform
   */
  readonly team?: string;
  /**
   * Percentages of the limit at which actual spend notifies, ascending, each in (0, 100].
   * @default [80, 100]
   */
  readonly actualThresholdsPercent?: number[];
  /**
   * Percentages of the limit at which the month's forecast notifies, ascending, each in (0, 100].
   * @default [100]
   */
  readonly forecastThresholdsPercent?: number[];
  /**
   * E-mail addresses notified (AWS: at most 10; GCP: each becomes a Cloud Monitoring e-mail channel, at most 5
   * channels in all).
   * @default - none (GCP still e-mails the billing account's administrators and users)
   */
  readonly emails?: string[];
  /**
   * AWS: SNS topic ARNs notified (at most 1). The topic's policy must allow `budgets.amazonaws.com` to publish.
   * @default - none
   */
  readonly snsTopicArns?: string[];
  /**
   * GCP: the Pub/Sub topic budget updates are published to, `projects/<project>/topics/<topic>` (the start of the
   * scale-to-zero path: a function you own that sets pools' sizes to zero).
   * @default - none
   */
  readonly pubsubTopic?: string;
  /**
   * GCP: Cloud Monitoring notification channels, `projects/<project>/notificationChannels/<id>` (with `emails`, at most 5).
   * @default - none
   */
  readonly notificationChannels?: string[];
  /**
   * GCP: the billing account the budget is set on, `XXXXXX-XXXXXX-XXXXXX` (required on GCP).
   * @default - none; required on GCP
   */
  readonly billingAccountId?: string;
  /**
   * AWS: activate the platform's tag keys (platform, pool, team) as cost allocation tags, which budgets filter on.
   * Needs the organization's management (payer) account, and tag keys AWS has already seen on a resource (up to 24
   * hours after the first tagged node ran): until then the apply fails with "Tag keys not found". Set false and
   * activate them in the Billing console when the stack runs in a member account.
   * @default true
   */
  readonly activateCostAllocationTags?: boolean;
  /**
   * AWS: stop the platform (or the team's pools) from growing when actual spend crosses a threshold. GCP cannot act at
   * a budget: see the README, "Budgets and allocation", for the scale-to-zero path.
   * @default - notifications only
   */
  readonly cap?: BudgetCap;
}

/** AWS Budgets: at most 10 notifications per budget, 10 e-mail subscribers and 1 SNS topic per notification. */
export const AWS_BUDGET_LIMITS = { maxNotifications: 10, maxEmails: 10, maxSnsTopics: 1 } as const;
/** GCP budgets: at most 5 Cloud Monitoring channels and one Pub/Sub topic per budget. */
export const GCP_BUDGET_LIMITS = { maxChannels: 5 } as const;

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * A monthly budget on the platform's cloud spend, or on one team's: notifications at actual and forecast thresholds
 * and, on AWS, an optional cap. AWS: an `aws_budgets_budget` filtered on the platform's (or the team's) cost
 * allocation tag, the tag keys activated (`aws_ce_cost_allocation_tag`), and the cap as an `aws_budgets_budget_action`.
 * GCP: a `google_billing_budget` on the project filtered on the platform's (or the team's) label, with e-mail
 * notification channels. The estimate sets the budget against the expected and ceiling figures.
 *
 * Create it anywhere below an {@link MlPlatform}.
 */
export class Budget extends Construct {
  /** Whether `x` is a Budget. */
  public static isBudget(x: any): x is Budget {
    return x !== null && typeof x === 'object' && BUDGET_SYMBOL in x;
  }

  /** The budget name. */
  public readonly budgetName: string;
  /** The monthly limit in USD. */
  public readonly monthlyLimitUsd: number;
  /** The team, if the budget is a team's. */
  public readonly team?: string;
  /** The construct under which the budget's Terraform resources live (escape hatch: `node.findChild('Budget')`). */
  public readonly cloudResources: Construct;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    assertConstructIdFree(scope, id, 'budget');
    super(scope, id);
    try {
      Object.defineProperty(this, BUDGET_SYMBOL, { value: true });
      const platform = platformOf(this, 'Budget');
      const target = platform._target;
      const model = resolveBudget(this, id, props);
      if (typeof target.checkBudget !== 'function' || typeof target.renderBudget !== 'function') {
        throw new ValidationError(ErrorCode.BUDGET_OPTION_UNSUPPORTED, {
          message: 'The platform\'s cloud target renders no budgets.',
          received: target.provider,
          fix: 'Set the budget up with the cloud\'s own tools, or use a target that renders budgets (EKS, GKE).',
        }, this);
      }
      target.checkBudget(this, model);
      this.budgetName = model.name;
      this.monthlyLimitUsd = model.monthlyLimitUsd;
      this.team = model.team;
      platform._register({ kind: 'budget', source: this, budget: model }, [budgetNameClaim(model.name, this)]);
      this.cloudResources = platform._cloudScope('budget', model.name);
      target.renderBudget(this.cloudResources, model);
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }
}

const BUDGET_SYMBOL = Symbol.for('ml-platform-cdk.Budget');

function budgetNameClaim(name: string, source: IConstruct): NameClaim {
  return {
    space: 'budget',
    name,
    holder: source.node.path,
    clash: (holder) => `Budget name "${name}" is already used by ${holder}.`,
    fix: 'Give each budget a unique name (the cloud budget is named <platform>-<name>).',
  };
}

/** Checks a budget's props at the public boundary and applies the defaults. */
function resolveBudget(scope: IConstruct, id: string, props: BudgetProps): BudgetModel {
  const check = (code: ErrorCode, what: string, fix: string): Check => ({ scope, code, what, fix });
  assertObject(props, check(ErrorCode.BUDGET_PROPS_INVALID, 'Budget props', 'Pass e.g. { monthlyLimitUsd: 20000, emails: ["finops@example.com"] }.'));
  const name = props.name ?? id;
  Names.assertDns1123Label(scope, 'budget name', name);
  assertNumber(props.monthlyLimitUsd, check(ErrorCode.BUDGET_LIMIT_INVALID, '`monthlyLimitUsd`',
    'Give the monthly limit in USD above 0, e.g. 20000 (budget what the platform may spend, not 0).'), { min: 0.01, max: 1e12 });
  const cents = props.monthlyLimitUsd * 100;
  if (Math.abs(cents - Math.round(cents)) > 1e-6) {
    throw new ValidationError(ErrorCode.BUDGET_LIMIT_INVALID, {
      message: '`monthlyLimitUsd` must be a whole number of cents: the clouds keep budgets in cents.',
      received: props.monthlyLimitUsd,
      fix: `Round it, e.g. ${(Math.round(cents) / 100).toFixed(2)}.`,
    }, scope);
  }
  if (props.team !== undefined) {
    assertString(props.team, check(ErrorCode.BUDGET_TEAM_UNKNOWN, '`team`', 'Name the team as TeamNamespace.teamName gives it, e.g. "research".'));
  }
  const actual = thresholds(scope, props.actualThresholdsPercent, 'actualThresholdsPercent', [80, 100]);
  const forecast = thresholds(scope, props.forecastThresholdsPercent, 'forecastThresholdsPercent', [100]);
  if (actual.length + forecast.length === 0) {
    throw new ValidationError(ErrorCode.BUDGET_THRESHOLD_INVALID, {
      message: 'The budget has no threshold, so it would never notify.',
      received: { actualThresholdsPercent: actual, forecastThresholdsPercent: forecast },
      fix: 'Leave the thresholds out for the defaults (actual 80% and 100%, forecast 100%), or give at least one.',
    }, scope);
  }
  const emails = strings(scope, props.emails, 'emails', ErrorCode.BUDGET_EMAIL_INVALID, 'Write addresses such as "finops@example.com".', (v) => v.length <= 254 && EMAIL.test(v));
  const snsTopicArns = strings(scope, props.snsTopicArns, 'snsTopicArns', ErrorCode.BUDGET_NOTIFICATION_INVALID,
    'Pass topic ARNs such as "arn:aws:sns:us-east-1:111122223333:budgets".', (v) => /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(v));
  const notificationChannels = strings(scope, props.notificationChannels, 'notificationChannels', ErrorCode.BUDGET_NOTIFICATION_INVALID,
    'Pass channel names such as "projects/acme-ml/notificationChannels/1234567890".', (v) => /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/notificationChannels\/[0-9]{1,40}$/.test(v));
  if (props.pubsubTopic !== undefined) {
    assertString(props.pubsubTopic, check(ErrorCode.BUDGET_NOTIFICATION_INVALID, '`pubsubTopic`', 'Pass a topic such as "projects/acme-ml/topics/budget-alerts".'),
      { pattern: /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/topics\/[A-Za-z][A-Za-z0-9._~%+-]{2,254}$/, allowed: 'projects/<project id>/topics/<topic>' });
  }
  if (props.billingAccountId !== undefined) {
    assertString(props.billingAccountId, check(ErrorCode.BUDGET_NOTIFICATION_INVALID, '`billingAccountId`', 'Pass the billing account id as the console shows it, e.g. "012345-6789AB-CDEF01".'),
      { pattern: /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, allowed: 'XXXXXX-XXXXXX-XXXXXX (digits and capital A-F)' });
  }
  if (props.activateCostAllocationTags !== undefined) {
    assertBoolean(props.activateCostAllocationTags, check(ErrorCode.BUDGET_PROPS_INVALID, '`activateCostAllocationTags`', 'Write true or false, or leave it out.'));
  }
  return {
    name,
    monthlyLimitUsd: props.monthlyLimitUsd,
    ...(props.team !== undefined ? { team: props.team } : {}),
    actualThresholdsPercent: actual,
    forecastThresholdsPercent: forecast,
    emails,
    snsTopicArns,
    ...(props.pubsubTopic !== undefined ? { pubsubTopic: props.pubsubTopic } : {}),
    notificationChannels,
    ...(props.billingAccountId !== undefined ? { billingAccountId: props.billingAccountId } : {}),
    activateCostAllocationTags: props.activateCostAllocationTags ?? true,
    ...(props.cap !== undefined ? { cap: resolveCap(scope, props.cap) } : {}),
  };
}

/**
 * Thresholds are percentages of the limit in (0, 100], ascending, each once. AWS accepts far more (up to 1,000,000%
 * above the limit); past 100% a notice comes after the money is spent: raise the limit instead.
 */
function thresholds(scope: IConstruct, value: unknown, prop: string, defaults: number[]): number[] {
  if (value === undefined) return [...defaults];
  const fix = 'Give percentages of the limit in ascending order, e.g. [50, 80, 100]; a notice past 100% comes too late: raise monthlyLimitUsd instead.';
  const check: Check = { scope, code: ErrorCode.BUDGET_THRESHOLD_INVALID, what: `\`${prop}\``, fix };
  assertArray(value, check, (item, i) => {
    assertNumber(item, { ...check, what: `\`${prop}[${i}]\`` }, { max: 100 });
    if (item <= 0) {
      throw new ValidationError(ErrorCode.BUDGET_THRESHOLD_INVALID, {
        message: `\`${prop}[${i}]\` must be above 0: a notice at 0% of the limit fires on the first cent.`,
        received: item,
        allowed: 'a percentage in (0, 100]',
        fix,
      }, scope);
    }
  });
  const list = value as number[];
  for (let i = 1; i < list.length; i++) {
    if (list[i] <= list[i - 1]) {
      throw new ValidationError(ErrorCode.BUDGET_THRESHOLDS_UNORDERED, {
        message: `\`${prop}\` must be in ascending order, each percentage once (${list[i]} follows ${list[i - 1]}).`,
        received: list,
        fix: `Sort them and drop duplicates: [${[...new Set(list)].sort((a, b) => a - b).join(', ')}].`,
      }, scope);
    }
  }
  return [...list];
}

function strings(scope: IConstruct, value: unknown, prop: string, code: ErrorCode, fix: string, valid: (v: string) => boolean): string[] {
  if (value === undefined) return [];
  const check: Check = { scope, code, what: `\`${prop}\``, fix };
  assertArray(value, check, (item, i) => {
    assertString(item, { ...check, what: `\`${prop}[${i}]\`` });
    if (!valid(item)) {
      throw new ValidationError(code, { message: `\`${prop}[${i}]\` is not well formed.`, received: item, fix }, scope);
    }
  });
  const list = value as string[];
  const duplicate = list.find((v, i) => list.indexOf(v) !== i);
  if (duplicate !== undefined) {
    throw new ValidationError(code, { message: `\`${prop}\` lists ${duplicate} twice.`, received: list, fix: 'List each once.' }, scope);
  }
  return [...list];
}

function resolveCap(scope: IConstruct, cap: unknown): BudgetCapModel {
  const fix = 'Pass { roleNames: ["cluster-autoscaler"] } with the names of the roles that scale the node groups.';
  const check = (what: string): Check => ({ scope, code: ErrorCode.BUDGET_CAP_INVALID, what, fix });
  assertObject(cap, check('`cap`'));
  const c = cap as unknown as BudgetCap;
  assertArray(c.roleNames, check('`cap.roleNames`'), (item, i) =>
    assertString(item, check(`\`cap.roleNames[${i}]\``), { pattern: ROLE_NAME, allowed: 'an IAM role name: 1-64 letters, digits and +=,.@_-' }));
  if (c.roleNames.length === 0) {
    throw new ValidationError(ErrorCode.BUDGET_CAP_INVALID, {
      message: 'The cap attaches its deny policy to roles, and `cap.roleNames` names none.',
      received: c.roleNames,
      fix,
    }, scope);
  }
  if (c.thresholdPercent !== undefined) {
    assertNumber(c.thresholdPercent, { scope, code: ErrorCode.BUDGET_THRESHOLD_INVALID, what: '`cap.thresholdPercent`', fix: 'Give a percentage of the limit in (0, 100], e.g. 100.' }, { max: 100 });
    if (c.thresholdPercent <= 0) {
      throw new ValidationError(ErrorCode.BUDGET_THRESHOLD_INVALID, {
        message: '`cap.thresholdPercent` must be above 0.',
        received: c.thresholdPercent,
        allowed: 'a percentage in (0, 100]',
        fix: 'Give e.g. 100: the platform stops growing when it has spent its limit.',
      }, scope);
    }
  }
  if (c.automatic !== undefined) assertBoolean(c.automatic, { scope, code: ErrorCode.BUDGET_CAP_INVALID, what: '`cap.automatic`', fix: 'Write true or false, or leave it out.' });
  return { roleNames: [...new Set(c.roleNames)].sort(compareStrings), thresholdPercent: c.thresholdPercent ?? 100, automatic: c.automatic ?? true };
}
