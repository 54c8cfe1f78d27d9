import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { managedByLabels } from '../../core/labels';
import { CoreRenderer, StorageClaimObjects, TeamNamespaceObjects } from '../../model/seams';
import { PlatformModel, StorageTierModel, TeamDeclaration, TeamModel, TeamStorageGrant, TierModel } from '../../model/types';
import { renderStorageClaim, renderStorageClass } from './storage';
import { renderTeamNamespace } from './team';
import { PriorityClass } from './typed';

/** Renders the core Kubernetes objects of teams and tiers; what depends on the whole platform is read from the model at synth. */
export class KubernetesCoreRenderer implements CoreRenderer {
  constructor(private readonly model: () => PlatformModel) {}

  public renderTeamNamespace(scope: Construct, team: TeamDeclaration, namespace: string, annotations: Record<string, string>): TeamNamespaceObjects {
    const resolved = () => this.team(team.name);
    return renderTeamNamespace(scope, {
      team: team.name,
      namespace,
      labels: team.labels,
      annotations,
      podSecurity: team.podSecurity,
      automountDefaultServiceAccountToken: team.automountDefaultServiceAccountToken,
      adminGroups: team.adminGroups,
      memberGroups: team.memberGroups,
      ingressFromNamespaces: team.allowIngressFrom === undefined ? undefined : () => resolved().ingressFromNamespaces!,
      quotaHard: () => resolved().quotaHard,
      forbiddenTiers: team.tiers === undefined ? undefined : () => resolved().forbiddenTiers ?? [],
      containerDefaults: team.containerDefaults,
    }, managedByLabels());
  }

  /**
   * A core PriorityClass (`scheduling.k8s.io/v1`). `value` and `preemptionPolicy` are immutable in the API:
   * changing them means deleting and re-creating the class.
   */
  public renderPriorityClass(scope: Construct, tier: TierModel): ApiObject {
    return new PriorityClass(scope, 'PriorityClass', {
      metadata: { name: tier.name, labels: managedByLabels() },
      value: tier.value,
      globalDefault: tier.isDefault,
      preemptionPolicy: tier.preemptsLowerTiers ? 'PreemptLowerPriority' : 'Never',
      description: tier.description,
    });
  }

  public renderStorageClass(scope: Construct, tier: StorageTierModel): ApiObject {
    return renderStorageClass(scope, tier);
  }

  public renderStorageClaim(scope: Construct, tier: StorageTierModel, grant: TeamStorageGrant, team: string, namespace: string): StorageClaimObjects {
    return renderStorageClaim(scope, tier, grant, team, namespace);
  }

  private team(name: string): TeamModel {
    return this.model().teamsByName.get(name)!;
  }
}
