import { CloudProvider } from '../core/cloud';

/** The Kubernetes cluster a platform targets: an {@link EksCluster} or a {@link GkeCluster}. */
export interface ICluster {
  /** The provider the cluster runs on. */
  readonly provider: CloudProvider;
  /** The cluster name. */
  readonly clusterName: string;
}
