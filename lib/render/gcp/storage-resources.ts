import { DataGoogleComputeSubnetwork } from '@cdktf/provider-google/lib/data-google-compute-subnetwork';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { FilestoreInstance } from '@cdktf/provider-google/lib/filestore-instance';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { LustreInstance } from '@cdktf/provider-google/lib/lustre-instance';
import { StorageBucket, StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Annotations, Fn, ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CloudTagKeys } from '../../core/labels';
import { ObjectStorageClass, StoragePerformance, StorageTierKind } from '../../core/storage';
import { ObjectLifecycleModel, StorageTierModel, TeamStorageGrant } from '../../model/types';
import { storageOutputName } from '../storage-checks';
import { FILESTORE_SHARE, GCS_STORAGE_CLASS, networkPath } from './storage-plan';

/** `lifecycle.prevent_destroy` on a protected tier's durable resources. */
type Protection = { preventDestroy: boolean } | undefined;

/** How often the keys the platform creates for tiers are rotated: 90 days. */
const KEY_ROTATION = '7776000s';

/** What the GKE target renders storage tiers with. */
export interface GcpStorageContext {
  readonly platformName: string;
  readonly project: string;
  readonly region: string;
  readonly network?: string;
  readonly subnetwork?: string;
  /** The platform's own scope in the stack, for what all tiers share (key ring, project data). */
  readonly cloudScope: Construct;
}

/**
 * Renders storage tiers on Google Cloud. Buckets and Filestore instances are encrypted with a customer-managed Cloud
 * KMS key (the one given, or a key created for the tier in a key ring the platform's tiers share, which the service
 * agents may use); buckets have uniform bucket-level access and public access prevention enforced; Filestore admits
 * only the nodes' subnetwork; every bucket, instance and key has `lifecycle.prevent_destroy` unless the tier opts out,
 * and Filestore its deletion protection.
 */
export class GcpStorageRenderer {
  private keyRing?: KmsKeyRing;
  private projectData?: DataGoogleProject;

  constructor(private readonly context: GcpStorageContext) {}

  public render(scope: Construct, tier: StorageTierModel): void {
    const lifecycle = tier.deletionProtection ? { preventDestroy: true } : undefined;
    const labels = { [CloudTagKeys.GCP_STORAGE_TIER]: tier.name };
    switch (tier.kind) {
      case StorageTierKind.PARALLEL: this.renderLustre(scope, tier, labels, lifecycle); break;
      case StorageTierKind.SHARED: this.renderFilestore(scope, tier, labels, lifecycle); break;
      default: this.renderBucket(scope, tier, labels, lifecycle);
    }
  }

  /**
   * Lets the pods of a team's namespaces use a bucket through workload identity (the FUSE driver authenticates as the
   * pod's service account): object user, or object viewer for read-only grants, for every service account of each
   * namespace.
   */
  public renderAccess(scope: Construct, tier: StorageTierModel, team: string, namespaces: string[], grant: TeamStorageGrant): void {
    if (tier.kind !== StorageTierKind.ARCHIVE && tier.kind !== StorageTierKind.CACHE) return;
    const { project } = this.context;
    const number = this.project().number;
    const access = new Construct(scope, `Team ${team}`);
    for (const namespace of namespaces) {
      new StorageBucketIamMember(access, namespace, {
        bucket: tier.resourceName,
        role: grant.readOnly ? 'roles/storage.objectViewer' : 'roles/storage.objectUser',
        member: `principalSet://iam.googleapis.com/projects/${number}/locations/global/workloadIdentityPools/${project}.svc.id.goog/namespace/${namespace}`,
      });
    }
  }

  private project(): DataGoogleProject {
    this.projectData ??= new DataGoogleProject(this.context.cloudScope, 'StorageProject', { projectId: this.context.project });
    return this.projectData;
  }

  /** The tier's key (created in the platform's storage key ring) and the grant that lets the service's agent use it. */
  private key(scope: Construct, tier: StorageTierModel, agent: string, lifecycle: Protection): { name: string; dependsOn: ITerraformDependable[] } {
    if (tier.encryptionKey) return { name: tier.encryptionKey, dependsOn: [] };
    // Cloud KMS never deletes a key ring: it stays protected whatever the tiers say.
    this.keyRing ??= new KmsKeyRing(this.context.cloudScope, 'StorageKeyRing', {
      name: `${this.context.platformName}-storage`, location: this.context.region, project: this.context.project, lifecycle: { preventDestroy: true },
    });
    const key = new KmsCryptoKey(scope, 'Key', {
      name: tier.name, keyRing: this.keyRing.id, purpose: 'ENCRYPT_DECRYPT', rotationPeriod: KEY_ROTATION, labels: { [CloudTagKeys.GCP_STORAGE_TIER]: tier.name }, lifecycle,
    });
    const grant = new KmsCryptoKeyIamMember(scope, 'KeyServiceAgent', { cryptoKeyId: key.id, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: `serviceAccount:${agent}` });
    return { name: key.id, dependsOn: [grant] };
  }

  private renderBucket(scope: Construct, tier: StorageTierModel, labels: Record<string, string>, lifecycle: Protection): void {
    const agent = new DataGoogleStorageProjectServiceAccount(scope, 'StorageServiceAgent', { project: this.context.project }).emailAddress;
    const key = this.key(scope, tier, agent, lifecycle);
    const life = tier.lifecycle;
    new StorageBucket(scope, 'Bucket', {
      name: tier.resourceName,
      location: this.context.region,
      project: this.context.project,
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
      versioning: life?.versioned ? { enabled: true } : undefined,
      autoclass: life?.autoTiering ? { enabled: true, terminalStorageClass: 'ARCHIVE' } : undefined,
      lifecycleRule: lifecycleRules(life),
      encryption: { defaultKmsKeyName: key.name },
      labels,
      dependsOn: key.dependsOn.length > 0 ? key.dependsOn : undefined,
      lifecycle,
    });
  }

  private renderFilestore(scope: Construct, tier: StorageTierModel, labels: Record<string, string>, lifecycle: Protection): void {
    const { project, region } = this.context;
    const subnetwork = this.context.subnetwork!;
    const subnet = subnetwork.includes('/')
      ? new DataGoogleComputeSubnetwork(scope, 'NodeSubnetwork', { selfLink: subnetwork })
      : new DataGoogleComputeSubnetwork(scope, 'NodeSubnetwork', { name: subnetwork, region, project });
    const key = this.key(scope, tier, `service-${this.project().number}@cloud-filer.iam.gserviceaccount.com`, lifecycle);
    const network = this.context.network!;
    const instance = new FilestoreInstance(scope, 'Instance', {
      name: tier.resourceName,
      location: tier.zone,
      project,
      tier: tier.performance === StoragePerformance.HIGH ? 'ZONAL' : 'BASIC_HDD',
      protocol: 'NFS_V3',
      fileShares: {
        name: FILESTORE_SHARE,
        capacityGb: tier.capacityGiB!,
        // Only the nodes mount it (kubelet mounts NFS from the node's address).
        nfsExportOptions: [{ ipRanges: [subnet.ipCidrRange], accessMode: 'READ_WRITE', squashMode: 'NO_ROOT_SQUASH' }],
      },
      networks: [{ network: network.includes('/') ? networkPath(network, project) : network, modes: ['MODE_IPV4'], connectMode: 'DIRECT_PEERING' }],
      kmsKeyName: key.name,
      deletionProtectionEnabled: tier.deletionProtection,
      deletionProtectionReason: tier.deletionProtection ? `Storage tier ${tier.name} of ML platform ${this.context.platformName}` : undefined,
      labels,
      dependsOn: key.dependsOn.length > 0 ? key.dependsOn : undefined,
      lifecycle,
    });
    this.output(scope, tier, { address: Fn.element(instance.networks.get(0).ipAddresses, 0) });
  }

  private renderLustre(scope: Construct, tier: StorageTierModel, labels: Record<string, string>, lifecycle: Protection): void {
    const instance = new LustreInstance(scope, 'Instance', {
      instanceId: tier.resourceName,
      location: tier.zone!,
      project: this.context.project,
      filesystem: tier.fileSystemName!,
      capacityGib: String(tier.capacityGiB),
      perUnitStorageThroughput: String(tier.throughputPerTiB),
      network: networkPath(this.context.network!, this.context.project),
      gkeSupportEnabled: true,
      description: `Storage tier ${tier.name} of ML platform ${this.context.platformName}`,
      labels,
      lifecycle,
    });
    // The mount point is "<address>@tcp:/<file system>": `deployed.address` is the part before "@".
    const value: Record<string, string> = { address: Fn.element(Fn.split('@', instance.mountPoint), 0), mountPoint: instance.mountPoint };
    // The pinned provider has no resource for Managed Lustre's import and export: the output spells the import command.
    const link = tier.link;
    if (link) {
      value.importData = `gcloud lustre instances import-data ${tier.resourceName} --location=${tier.zone} --project=${this.context.project} `
        + `--gcs-path-uri=gs://${link.bucket}/${link.prefix} --lustre-path=${link.fileSystemPath}`;
    }
    this.output(scope, tier, value);
  }

  private output(scope: Construct, tier: StorageTierModel, value: Record<string, string>): void {
    const name = storageOutputName(this.context.platformName, tier.name);
    new TerraformOutput(scope, 'Deployed', { value, description: `What storage tier ${tier.name}'s PersistentVolumes need: pass it as the tier's deployed attributes.` })
      .overrideLogicalId(name);
    if (!tier.volume) {
      Annotations.of(scope).addWarning(`Storage tier ${tier.name}: its PersistentVolumes are rendered once \`deployed\` gives the address Google Cloud assigns at the first deploy `
        + `(Terraform output ${name}); until then the teams' claims stay Pending.`);
    }
  }
}

/** Lifecycle rules: transitions to colder classes by age, expiry, noncurrent-version expiry, and aborting stale uploads. */
function lifecycleRules(life: ObjectLifecycleModel | undefined): StorageBucketLifecycleRule[] {
  const rules: StorageBucketLifecycleRule[] = [{
    action: { type: 'AbortIncompleteMultipartUpload' },
    condition: { age: life?.abortIncompleteUploadsAfterDays ?? 7 },
  }];
  if (!life) return rules;
  const seen: string[] = ['STANDARD'];
  for (const t of life.transitions) {
    const target = GCS_STORAGE_CLASS[t.storageClass as ObjectStorageClass]!;
    // Only objects still in a warmer class move: a rule never sends an object back.
    rules.push({ action: { type: 'SetStorageClass', storageClass: target }, condition: { age: t.afterDays, matchesStorageClass: [...seen] } });
    seen.push(target);
  }
  if (life.expireAfterDays !== undefined) rules.push({ action: { type: 'Delete' }, condition: { age: life.expireAfterDays, withState: 'LIVE' } });
  if (life.noncurrentVersionExpirationDays !== undefined) {
    rules.push({ action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: life.noncurrentVersionExpirationDays, withState: 'ARCHIVED' } });
  }
  return rules;
}
