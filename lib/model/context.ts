import { Construct, IConstruct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import { Cloud } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { CloudTarget, CoreRenderer, MigProfileFacts, SchedulerBackend } from './seams';
import {
  BudgetModel, CapacityPoolModel, DepartmentDeclaration, MigConfigModel, PlatformModel, PoolModel, SpotFleetModel, StorageTierModel, TeamDeclaration, TierModel,
} from './types';

/**
 * One thing registered with a platform, with the model data it contributes. A GPU pool owned by a spot fleet has no
 * capacity of its own: teams get quota on the fleet, whose one flavor covers all its pools.
 */
export type Member =
  | { readonly kind: 'gpu-pool'; readonly source: IConstruct; readonly pool: PoolModel; readonly capacity?: CapacityPoolModel }
  | { readonly kind: 'cpu-pool'; readonly source: IConstruct; readonly pool: PoolModel; readonly capacity: CapacityPoolModel }
  | { readonly kind: 'spot-fleet'; readonly source: IConstruct; readonly fleet: SpotFleetModel; readonly capacity: CapacityPoolModel }
  | { readonly kind: 'external-pool'; readonly source: IConstruct; readonly capacity: CapacityPoolModel }
  | { readonly kind: 'mig-profile'; readonly source: IConstruct; readonly config: MigConfigModel; readonly facts: MigProfileFacts }
  | { readonly kind: 'tiers'; readonly source: IConstruct; readonly tiers: TierModel[] }
  | { readonly kind: 'team'; readonly source: IConstruct; readonly team: TeamDeclaration }
  | { readonly kind: 'department'; readonly source: IConstruct; readonly department: DepartmentDeclaration }
  | { readonly kind: 'storage-tier'; readonly source: IConstruct; readonly tier: StorageTierModel }
  | { readonly kind: 'budget'; readonly source: IConstruct; readonly budget: BudgetModel };

/** A name a member claims in one of the platform's name spaces (pools, queues, Kubernetes namespaces, ...). */
export interface NameClaim {
  /** The name space, e.g. `pool`, `queue`, `namespace`. */
  readonly space: string;
  readonly name: string;
  /** Who holds the name once claimed, for other members' error messages (e.g. "team research"). */
  readonly holder: string;
  /**
   * The message when the name is taken (e.g. "Namespace shared already belongs to team research.").
   * @param holder the existing claim's holder
   * @param path the construct path of the existing claimant
   * @param sameKind whether the existing claimant is the same kind of member
   */
  clash(holder: string, path: string, sameKind: boolean): string;
  /** How to fix a clash. */
  readonly fix: string;
}

/**
 * What constructs see of the platform they belong to: where they run, the catalog, the seams that render
 * them, and the registry. Implemented by `MlPlatform`; constructs find it by walking up the construct tree,
 * so they can be created anywhere below the platform.
 */
export interface PlatformContext extends IConstruct {
  readonly platformName: string;
  readonly cloud: Cloud;
  readonly catalog: Catalog;
  /** @internal */
  readonly _target: CloudTarget;
  /** @internal */
  readonly _scheduler: SchedulerBackend;
  /** @internal */
  readonly _core: CoreRenderer;
  /**
   * Registers a member after checking its name claims; a clash throws and registers nothing.
   * @internal
   */
  _register(member: Member, claims: NameClaim[]): void;
  /** @internal */
  _members(): readonly Member[];
  /**
   * The member that claimed a name in a name space, if any.
   * @internal
   */
  _claimant(space: string, name: string): Member | undefined;
  /**
   * Namespaces of the platform's own components (kube-system, the scheduler's, the target's), sorted.
   * @internal
   */
  _systemNamespaces(): string[];
  /**
   * The scope in the platform's chart for one member's cluster-layer objects, keyed by kind and name (never by
   * construct path, so that nesting or renaming a construct does not change the output).
   * @internal
   */
  _clusterScope(kind: string, name: string): Construct;
  /**
   * The scope in the platform's stack for one member's cloud resources. Pools keep `<platform>/<pool name>`,
   * so that Terraform logical ids do not change when a pool's construct moves or is renamed with the same name.
   * @internal
   */
  _cloudScope(kind: string, name: string): Construct;
  /**
   * The resolved model, built once per change of the registry.
   * @internal
   */
  _model(): PlatformModel;
}

const PLATFORM_SYMBOL = Symbol.for('ml-platform-cdk.MlPlatform');

/** Marks a construct as a platform, so that {@link platformOf} finds it (works across copies of the library). */
export function markPlatform(platform: PlatformContext): void {
  Object.defineProperty(platform, PLATFORM_SYMBOL, { value: true });
}

/** Whether `x` is a platform. */
export function isPlatform(x: unknown): x is PlatformContext {
  return x !== null && typeof x === 'object' && PLATFORM_SYMBOL in x;
}

/**
 * The platform a construct belongs to: the nearest of its ancestors that is one, found by walking up the tree, so
 * that constructs compose anywhere below a platform. Throws {@link ErrorCode.SCOPE_INVALID} when there is none.
 * @param construct the construct (already added to its scope)
 * @param what the construct's class name, for the message
 */
export function platformOf(construct: IConstruct, what: string): PlatformContext {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (isPlatform(scopes[i])) return scopes[i] as PlatformContext;
  }
  throw new ValidationError(ErrorCode.SCOPE_INVALID, {
    message: `${what} must be created inside an MlPlatform (directly, or in a construct below it).`,
    received: construct.node.scope?.node.path || '(a root construct)',
    fix: `Pass the platform as the scope: new ${what}(platform, id, props), or a construct created under the platform.`,
  }, construct);
}

/**
 * Removes a half-built construct from its scope (call when its constructor throws), so that a failed construct
 * leaves nothing in the tree; its registration, made last, never happened.
 */
export function undoConstruct(construct: Construct): void {
  construct.node.scope?.node.tryRemoveChild(construct.node.id);
}

/** Type guard helpers over the registry. */
export function membersOf<K extends Member['kind']>(members: readonly Member[], kind: K): Extract<Member, { kind: K }>[] {
  return members.filter((m): m is Extract<Member, { kind: K }> => m.kind === kind);
}
