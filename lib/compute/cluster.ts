import { CloudProvider } from '../core/cloud';
import { CloudTarget, TargetContext } from '../model/seams';

/** The Kubernetes cluster a platform targets: an {@link EksCluster} or a {@link GkeCluster}. */
export interface ICluster {
  /** The provider the cluster runs on. */
  readonly provider: CloudProvider;
  /** The cluster name. */
  readonly clusterName: string;
  /**
   * A cloud target of the cluster's own, for clusters defined outside the library; the library's clusters
   * get their target from the renderers.
   * @internal
   */
  _cloudTarget?(context: TargetContext): CloudTarget;
}
