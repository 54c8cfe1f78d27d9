import { IConstruct } from 'constructs';
import { ICluster } from '../compute/cluster';
import { EksCluster } from '../compute/eks-cluster';
import { GkeCluster } from '../compute/gke-cluster';
import { atScope, ErrorCode, ValidationError } from '../core/errors';
import { assertNotKubernetesNamespace } from '../core/names';
import { CloudTarget, TargetContext } from '../model/seams';
import { EksTarget } from './aws/eks-target';
import { GkeTarget } from './gcp/gke-target';

/** Options targets may use. */
export interface TargetOptions {
  /** Namespace of the NVIDIA GPU operator, for targets that configure it (EKS). */
  readonly gpuOperatorNamespace: string;
}

/**
 * The cloud target of a cluster: its own, for clusters defined outside the library, else the library's target for
 * its kind. This is where a new target is added (Karpenter, EKS Auto Mode, GKE ComputeClass); nothing else changes.
 * The target checks that the cluster is on the platform's cloud.
 */
export function cloudTargetFor(cluster: ICluster, context: TargetContext, options: TargetOptions, scope: IConstruct): CloudTarget {
  assertNotKubernetesNamespace(scope, 'GPU operator namespace', options.gpuOperatorNamespace);
  const declared = (cluster as { provider?: unknown } | null | undefined)?.provider;
  if (typeof declared === 'string' && declared !== context.cloud.provider) throw mismatch(declared, context, scope);
  const target = atScope(scope, () => typeof cluster?._cloudTarget === 'function' ? cluster._cloudTarget(context)
    : cluster instanceof EksCluster ? new EksTarget(context, cluster, options.gpuOperatorNamespace)
    : cluster instanceof GkeCluster ? new GkeTarget(context, cluster)
    : undefined);
  if (!target) {
    throw new ValidationError(ErrorCode.CLUSTER_CLOUD_MISMATCH, {
      message: 'The cluster is neither an EksCluster nor a GkeCluster.',
      received: cluster === null ? 'null' : typeof cluster,
      fix: 'Use EksCluster.fromAttributes(...) / .create(...) or GkeCluster.fromAttributes(...) / .create(...).',
    }, scope);
  }
  if (target.provider !== context.cloud.provider) throw mismatch(target.provider, context, scope);
  return target;
}

function mismatch(provider: string, context: TargetContext, scope: IConstruct): ValidationError {
  return new ValidationError(ErrorCode.CLUSTER_CLOUD_MISMATCH, {
    message: `The cluster is on ${provider} but the platform's cloud is ${context.cloud.provider}.`,
    received: provider,
    fix: context.cloud.provider === 'aws' ? 'Use EksCluster.fromAttributes(...) or EksCluster.create(...).' : 'Use GkeCluster.fromAttributes(...) or GkeCluster.create(...).',
  }, scope);
}
