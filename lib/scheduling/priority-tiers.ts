import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { assertObject, assertString, textOf } from '../core/guards';
import { assertConstructIdFree, Names } from '../core/names';
import { compareStrings } from '../core/order';
import { platformOf, undoConstruct } from '../model/context';
import { TierModel } from '../model/types';

/** A priority tier: a PriorityClass and a Kueue WorkloadPriorityClass of the same name and value. */
export interface PriorityTier {
  /** The tier name: PriorityClass and WorkloadPriorityClass name (a DNS-1123 label, not `system-…`). */
  readonly name: string;
  /** Priority value: higher runs first and may preempt lower. At most 1,000,000,000 (higher values are reserved for system classes). */
  readonly value: number;
  /**
   * Whether pods of the tier may preempt pods of lower tiers (`PreemptLowerPriority`); `false` = `Never`
   * (they wait in the queue instead).
   * @default true
   */
  readonly preemptsLowerTiers?: boolean;
  /**
   * Whether the tier's work tolerates interruption (checkpointed or retryable): only such tiers are
   * offered spot capacity.
   */
  readonly interruptible: boolean;
  /**
   * What the tier is for.
   * @default - none
   */
  readonly description?: string;
}

/** Properties of {@link PriorityTiers}. */
export interface PriorityTiersProps {
  /**
   * The tiers.
   * @default PriorityTiers.standard()
   */
  readonly tiers?: PriorityTier[];
  /**
   * The tier pods without a priority class get (its PriorityClass is `globalDefault`).
   * @default - none: such pods get priority 0
   */
  readonly defaultTier?: string;
}

/** The values allowed for user priority classes (higher ones are reserved for `system-` classes). */
export const MAX_USER_PRIORITY = 1_000_000_000;
const MIN_PRIORITY = -2_147_483_648;

/**
 * The platform's priority tiers: one core `PriorityClass` (pod priority and preemption) and one Kueue
 * `WorkloadPriorityClass` (queue order and Kueue preemption) per tier, with the same name and value.
 * Teams and workloads refer to tiers by name; tiers say whether their work tolerates interruption.
 */
export class PriorityTiers extends Construct {
  /**
   * The standard tiers: `production-critical` (serving; never interrupted), `training` (guaranteed GPU
   * training; preempts lower tiers), `interactive` (notebooks; preempts batch), `batch` (preemptible,
   * interruptible, never preempts; the tier that may run on spot).
   */
  public static standard(): PriorityTier[] {
    return [
      { name: 'production-critical', value: 1_000_000, interruptible: false, description: 'Production serving: highest priority, never interrupted.' },
      { name: 'training', value: 100_000, interruptible: false, description: 'Guaranteed training: preempts interactive and batch work.' },
      { name: 'interactive', value: 10_000, interruptible: false, description: 'Notebooks and development: preempts batch work.' },
      {
        name: 'batch',
        value: 1_000,
        preemptsLowerTiers: false,
        interruptible: true,
        description: 'Preemptible batch work: yields to every other tier and may run on spot capacity.',
      },
    ];
  }

  /** The tiers, highest value first. */
  public readonly tiers: PriorityTier[];
  /** The tier pods without a priority class get, if any. */
  public readonly defaultTier?: string;

  private readonly objects = new Map<string, { priorityClass: ApiObject; workloadPriorityClass?: ApiObject }>();

  constructor(scope: Construct, id: string, props: PriorityTiersProps = {}) {
    assertConstructIdFree(scope, id, 'priority tiers');
    super(scope, id);
    try {
      const platform = platformOf(this, 'PriorityTiers');
      if (props === null || typeof props !== 'object') {
        throw new ValidationError(ErrorCode.TIER_UNKNOWN, {
          message: 'PriorityTiers props must be an object.',
          received: props,
          fix: 'Leave the props out for the standard tiers, or pass { tiers: [...] }.',
        }, this);
      }
      if (props.tiers !== undefined && !Array.isArray(props.tiers)) {
        throw new ValidationError(ErrorCode.TIER_UNKNOWN, {
          message: '`tiers` must be a list of tiers.',
          received: props.tiers,
          fix: 'Pass an array, e.g. PriorityTiers.standard().',
        }, this);
      }
      props.tiers?.forEach((t, i) => assertObject(t, { scope: this, code: ErrorCode.TIER_VALUE_INVALID, what: `\`tiers[${i}]\``, fix: 'Write each tier as { name, value, interruptible }.' }));
      const tiers = (props.tiers ?? PriorityTiers.standard()).map((t) => ({ ...t, preemptsLowerTiers: t.preemptsLowerTiers ?? true }));
      this.assertTiers(tiers);
      this.tiers = tiers.sort((a, b) => b.value - a.value || compareStrings(a.name, b.name));
      if (props.defaultTier !== undefined) this.tier(props.defaultTier);
      this.defaultTier = props.defaultTier;
      const models: TierModel[] = this.tiers.map((t) => ({
        name: t.name,
        value: t.value,
        preemptsLowerTiers: t.preemptsLowerTiers !== false,
        interruptible: t.interruptible,
        description: t.description,
        isDefault: t.name === this.defaultTier,
      }));
      platform._register({ kind: 'tiers', source: this, tiers: models }, [
        {
          space: 'tiers',
          name: 'tiers',
          holder: this.node.path,
          clash: (holder) => `The platform already has priority tiers: ${holder}.`,
          fix: 'Declare all tiers in one PriorityTiers.',
        },
      ]);
      for (const tier of models) {
        const tierScope = platform._clusterScope('tier', tier.name);
        this.objects.set(tier.name, {
          priorityClass: platform._core.renderPriorityClass(tierScope, tier),
          workloadPriorityClass: platform._scheduler.renderTier(tierScope, tier),
        });
      }
    } catch (e) {
      undoConstruct(this);
      throw e;
    }
  }

  /**
   * The tier's core PriorityClass (escape hatch: `addJsonPatch`).
   * @param name the tier name
   */
  public priorityClass(name: string): ApiObject {
    this.tier(name);
    return this.objects.get(name)!.priorityClass;
  }

  /**
   * The tier's Kueue WorkloadPriorityClass (escape hatch: `addJsonPatch`); undefined on schedulers without one
   * (Volcano's PodGroups use the core PriorityClass).
   * @param name the tier name
   */
  public workloadPriorityClass(name: string): ApiObject | undefined {
    this.tier(name);
    return this.objects.get(name)!.workloadPriorityClass;
  }

  /**
   * The tier of this name; throws {@link ErrorCode.TIER_UNKNOWN} naming the declared tiers otherwise.
   * @param name the tier name
   */
  public tier(name: string): PriorityTier {
    const found = this.tiers.find((t) => t.name === name);
    if (!found) {
      throw new ValidationError(ErrorCode.TIER_UNKNOWN, {
        message: `No priority tier is named ${textOf(name)}.`,
        received: name,
        allowed: this.tiers.map((t) => t.name).join(', '),
        fix: 'Use a declared tier, or declare it in PriorityTiers `tiers`.',
      }, this);
    }
    return found;
  }

  /** The tiers whose work tolerates interruption (those offered spot capacity). */
  public get interruptibleTiers(): PriorityTier[] {
    return this.tiers.filter((t) => t.interruptible);
  }

  private assertTiers(tiers: PriorityTier[]): void {
    if (tiers.length === 0) {
      throw new ValidationError(ErrorCode.TIER_UNKNOWN, {
        message: 'PriorityTiers declares no tier.',
        received: [],
        fix: 'Leave `tiers` out for the standard tiers, or declare at least one.',
      }, this);
    }
    const names = new Map<string, PriorityTier>();
    const values = new Map<number, PriorityTier>();
    for (const tier of tiers) {
      assertObject(tier, { scope: this, code: ErrorCode.TIER_VALUE_INVALID, what: 'A tier', fix: 'Write each tier as { name, value, interruptible }.' });
      if (tier.description !== undefined) {
        assertString(tier.description, { scope: this, code: ErrorCode.TIER_VALUE_INVALID, what: `The description of tier ${textOf(tier.name)}`, fix: 'Write the description as text.' },
          { minLength: 0, maxLength: 1024 });
      }
      if (typeof tier.interruptible !== 'boolean' || typeof tier.preemptsLowerTiers !== 'boolean') {
        throw new ValidationError(ErrorCode.TIER_VALUE_INVALID, {
          message: `Tier ${textOf(tier.name)}: \`interruptible\` and \`preemptsLowerTiers\` must be true or false.`,
          received: { interruptible: tier.interruptible, preemptsLowerTiers: tier.preemptsLowerTiers },
          fix: 'Write interruptible: true or false (and preemptsLowerTiers, if set) as booleans, not strings.',
        }, this);
      }
      Names.assertDns1123Label(this, 'priority tier name', tier.name);
      if (tier.name.startsWith('system-')) {
        throw new ValidationError(ErrorCode.INVALID_NAME, {
          message: 'PriorityClass names beginning with "system-" are reserved for Kubernetes.',
          received: tier.name,
          fix: 'Choose a name without the system- prefix.',
        }, this);
      }
      if (!Number.isInteger(tier.value) || tier.value < MIN_PRIORITY || tier.value > MAX_USER_PRIORITY) {
        throw new ValidationError(ErrorCode.TIER_VALUE_INVALID, {
          message: `Tier ${tier.name}: a priority value must be an integer from ${MIN_PRIORITY} to ${MAX_USER_PRIORITY} (higher values are reserved for system classes).`,
          received: tier.value,
          allowed: `an integer in [${MIN_PRIORITY}, ${MAX_USER_PRIORITY}]`,
          fix: 'Pick a value in range; leave gaps between tiers so that more can be added later.',
        }, this);
      }
      const sameName = names.get(tier.name);
      if (sameName) {
        throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
          message: `Two tiers are named ${tier.name}.`,
          received: tier.name,
          fix: 'Give each tier a unique name.',
        }, this);
      }
      const sameValue = values.get(tier.value);
      if (sameValue) {
        throw new ValidationError(ErrorCode.TIER_VALUE_DUPLICATE, {
          message: `Tiers ${sameValue.name} and ${tier.name} have the same value ${tier.value}, so neither can be placed above the other.`,
          received: { [sameValue.name]: sameValue.value, [tier.name]: tier.value },
          fix: 'Give every tier a distinct value.',
        }, this);
      }
      names.set(tier.name, tier);
      values.set(tier.value, tier);
    }
  }
}
