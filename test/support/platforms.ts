import { Testing as K8sTesting } from 'cdk8s';
import { TerraformStack, Testing as TfTesting } from 'cdktf';
import { Cloud, EksCluster, GkeCluster, MlPlatform, MlPlatformProps } from '../../lib';

/** The EKS cluster most tests use: an existing cluster with subnets in two zones and the network ids EFA needs. */
export function existingEks(overrides: Partial<Parameters<typeof EksCluster.fromAttributes>[0]> = {}): EksCluster {
  return EksCluster.fromAttributes({
    clusterName: 'ml-test',
    nodeRoleArn: 'arn:aws:iam::111122223333:role/ml-test-nodes',
    vpcId: 'vpc-0123456789abcdef0',
    clusterSecurityGroupId: 'sg-0123456789abcdef0',
    subnets: [
      { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a' },
      { subnetId: 'subnet-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b' },
    ],
    ...overrides,
  });
}

/** The GKE cluster most tests use: an existing regional cluster with the network and subnetwork file-system storage tiers need. */
export function existingGke(): GkeCluster {
  return GkeCluster.fromAttributes({
    clusterName: 'ml-test',
    location: 'us-central1',
    nodeServiceAccount: 'gke-nodes@acme-ml-test.iam.gserviceaccount.com',
    network: 'ml-vpc',
    subnetwork: 'ml-nodes',
  });
}

/** A platform whose apps are test apps (temporary outdirs), so tests never write into the repo. */
export function awsPlatform(props: Partial<MlPlatformProps> = {}, id = 'aws-test'): MlPlatform {
  return new MlPlatform(id, {
    cloud: Cloud.aws({ region: 'us-east-1' }),
    cluster: existingEks(),
    kubernetesApp: K8sTesting.app(),
    terraformApp: TfTesting.app(),
    ...props,
  });
}

export function gcpPlatform(props: Partial<MlPlatformProps> = {}, id = 'gcp-test'): MlPlatform {
  return new MlPlatform(id, {
    cloud: Cloud.gcp({ project: 'acme-ml-test', region: 'us-central1' }),
    cluster: existingGke(),
    kubernetesApp: K8sTesting.app(),
    terraformApp: TfTesting.app(),
    ...props,
  });
}

/** The cloud layer as Terraform JSON, with construct validations run (as `cdktf synth` does). */
export function terraformOf(platform: MlPlatform): any {
  return JSON.parse(TfTesting.synth(platform.stack as TerraformStack, true));
}

/** The cluster layer as a list of Kubernetes objects, with construct validations run (as `cdk8s synth` does). */
export function kubernetesOf(platform: MlPlatform): any[] {
  platform.validatePlatform();
  return platform.chart.toJson();
}

/** All resources of one Terraform type, as a list (logical ids are hashed: never look them up by id). */
export function resources(tf: any, type: string): any[] {
  return Object.values(tf.resource?.[type] ?? {});
}

/** The one resource of a type whose `key` equals `value`; fails loudly when there is not exactly one. */
export function resourceWhere(tf: any, type: string, key: string, value: unknown): any {
  const found = resources(tf, type).filter((r) => r[key] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${key}=${JSON.stringify(value)}, found ${found.length}`);
  return found[0];
}

/** The one Kubernetes object of a kind and name. */
export function objectNamed(objects: any[], kind: string, name: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

/** Runs `fn` and returns the ValidationError it throws (fails when it throws nothing or something else). */
export function validationErrorOf(fn: () => unknown): { code: string; message: string; detail: string; constructPath: string; fix: string; allowed?: string } {
  try {
    fn();
  } catch (e: any) {
    if (e?.name === 'ValidationError' && typeof e.code === 'string') return e;
    throw new Error(`expected a ValidationError, got: ${e?.stack ?? e}`);
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}
